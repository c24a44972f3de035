package admin

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// The profiling endpoints are built on runtime/pprof and runtime/trace
// rather than by importing net/http/pprof, whose init registers its
// handlers on http.DefaultServeMux: tonic puts nothing there.

// maxProfileSeconds bounds the length of CPU profiles and traces.
const maxProfileSeconds = 300

// indexTemplate is the /debug/pprof/ page.
var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html><head><title>/debug/pprof/</title></head><body>
<h1>/debug/pprof/</h1>
<ul>
{{range .}}<li><a href="{{.Name}}?debug=1">{{.Name}}</a> ({{.Count}})</li>
{{end}}<li><a href="profile?seconds=30">profile</a> (30 s of CPU)</li>
<li><a href="trace?seconds=5">trace</a> (5 s of execution trace)</li>
<li><a href="cmdline">cmdline</a></li>
</ul>
<p>go tool pprof http://ADMIN/debug/pprof/heap</p>
</body></html>
`))

// servePprofIndex lists the profiles.
func servePprofIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = indexTemplate.Execute(w, pprof.Profiles())
}

// servePprofCmdline returns the handler that writes args, the command line
// with its secrets masked, NUL-separated, as net/http/pprof does.
func servePprofCmdline(args []string) http.HandlerFunc {
	line := strings.Join(args, "\x00")
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, line)
	}
}

// servePprofNamed writes a named profile (heap, goroutine, allocs, block,
// mutex, threadcreate): in the pprof format, or as text with ?debug=1 or 2.
func servePprofNamed(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p := pprof.Lookup(name)
	if p == nil {
		tonic.WriteError(w, r, http.StatusNotFound, tonic.Errorf(http.StatusNotFound, "no profile %q", name))
		return
	}
	debug, _ := strconv.Atoi(r.URL.Query().Get("debug"))
	if name == "heap" && r.URL.Query().Get("gc") != "" {
		runtime.GC()
	}
	if debug > 0 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	}
	_ = p.WriteTo(w, debug)
}

// profileSeconds reads the seconds parameter, or def.
func profileSeconds(r *http.Request, def int) (time.Duration, error) {
	s := r.URL.Query().Get("seconds")
	if s == "" {
		return time.Duration(def) * time.Second, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > maxProfileSeconds {
		return 0, tonic.Errorf(http.StatusBadRequest, "seconds must be 1 to %d, not %q", maxProfileSeconds, s)
	}
	return time.Duration(n) * time.Second, nil
}

// servePprofProfile records a CPU profile for ?seconds (default 30).
func servePprofProfile(w http.ResponseWriter, r *http.Request) {
	record(w, r, 30, "profile", pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// servePprofTrace records an execution trace for ?seconds (default 1).
func servePprofTrace(w http.ResponseWriter, r *http.Request) {
	record(w, r, 1, "trace", trace.Start, trace.Stop)
}

// record runs start and stop around a wait of ?seconds, cut short when the
// client goes away, writing into the response.
func record(w http.ResponseWriter, r *http.Request, def int, name string, start func(w io.Writer) error, stop func()) {
	d, err := profileSeconds(r, def)
	if err != nil {
		tonic.WriteError(w, r, 0, err)
		return
	}
	if wd := writeDeadline(r); wd > 0 && d >= wd {
		tonic.WriteError(w, r, http.StatusBadRequest, tonic.Errorf(http.StatusBadRequest,
			"seconds %v reaches the server's write timeout %v", d, wd))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	if err := start(w); err != nil {
		w.Header().Del("Content-Disposition")
		tonic.WriteError(w, r, http.StatusConflict, tonic.Errorf(http.StatusConflict, "cannot start %s: %v", name, err))
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
	stop()
}

// writeDeadline returns the WriteTimeout of the server serving r, or 0.
func writeDeadline(r *http.Request) time.Duration {
	if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok {
		return srv.WriteTimeout
	}
	return 0
}
