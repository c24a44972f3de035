package admin

import (
	"encoding/json"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

// Info is the body of GET /info: what is deployed and since when.
type Info struct {
	PID       int    `json:"pid"`
	Version   string `json:"version"`
	BuildTime string `json:"build_time,omitempty"`
	Module    string `json:"module,omitempty"`
	// Revision and RevisionTime come from the VCS stamp of `go build`;
	// Modified reports uncommitted changes at build time.
	Revision     string `json:"vcs_revision,omitempty"`
	RevisionTime string `json:"vcs_time,omitempty"`
	Modified     bool   `json:"vcs_modified,omitempty"`
	GoVersion    string `json:"go_version"`
	StartTime    int64  `json:"start_time"`   // epoch seconds
	CurrentTime  int64  `json:"current_time"` // epoch seconds
	Uptime       string `json:"uptime"`       // e.g. "3h2m1s"
}

// buildInfo is the part of Info that is fixed for the process.
type buildInfo struct {
	module, revision, revisionTime string
	modified                       bool
}

// readBuildInfo reads the module path and VCS stamp of the running binary.
func readBuildInfo() buildInfo {
	var b buildInfo
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.module = bi.Main.Path
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.time":
			b.revisionTime = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		}
	}
	return b
}

// info returns the current Info.
func (a *admin) info() Info {
	now := a.now()
	return Info{
		PID:          os.Getpid(),
		Version:      a.opts.Version,
		BuildTime:    a.opts.BuildTime,
		Module:       a.build.module,
		Revision:     a.build.revision,
		RevisionTime: a.build.revisionTime,
		Modified:     a.build.modified,
		GoVersion:    runtime.Version(),
		StartTime:    a.opts.StartTime.Unix(),
		CurrentTime:  now.Unix(),
		Uptime:       now.Sub(a.opts.StartTime).Round(time.Second).String(),
	}
}

// serveInfo answers GET /info.
func (a *admin) serveInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, a.info())
}

// writeJSON writes v as an indented JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal_server_error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
