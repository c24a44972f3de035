package admin

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/server"
)

// maxDashboardBytes is the budget of the page: HTML, scripts and styles.
const maxDashboardBytes = 200 << 10

// assetRefs finds the src and href attributes of the page.
var assetRefs = regexp.MustCompile(`(?:src|href)="([^"]+)"`)

// TestDashboardPage checks that the page is served at / and
// /debug/dashboard under a strict Content-Security-Policy, without inline
// script or style, that every asset it loads is embedded and served under
// the same policy, and that the whole weighs less than 200 KB.
func TestDashboardPage(t *testing.T) {
	t.Parallel()
	h, err := New(metrics.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/debug/dashboard"} {
		t.Run(path, func(t *testing.T) {
			w := get(h, path)
			if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("GET %s: got %d %q", path, w.Code, w.Header().Get("Content-Type"))
			}
			checkCSP(t, path, w.Header())
			page := w.Body.String()
			for _, inline := range []string{"<style", " style=", "javascript:", " onclick=", " onload="} {
				if strings.Contains(page, inline) {
					t.Errorf("the page holds %q: inline code the policy forbids", inline)
				}
			}
			if n := strings.Count(page, "<script"); n != strings.Count(page, "<script src=\"/") {
				t.Errorf("the page has %d scripts, not all of them files of the admin listener", n)
			}
			total := w.Body.Len()
			for _, m := range assetRefs.FindAllStringSubmatch(page, -1) {
				ref := m[1]
				if !strings.HasPrefix(ref, "/debug/dashboard/assets/") {
					if !strings.HasPrefix(ref, "/") {
						t.Errorf("the page refers to %q, outside the admin listener", ref)
					}
					continue // a link to another admin endpoint
				}
				a := get(h, ref)
				if a.Code != http.StatusOK {
					t.Errorf("GET %s: got %d", ref, a.Code)
					continue
				}
				checkCSP(t, ref, a.Header())
				if ct := a.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") && !strings.HasPrefix(ct, "text/css") && ct != "image/svg+xml" {
					t.Errorf("GET %s: got Content-Type %q, want JavaScript, CSS or SVG", ref, ct)
				}
				total += a.Body.Len()
			}
			if total > maxDashboardBytes {
				t.Errorf("the page and its assets weigh %d bytes, want at most %d", total, maxDashboardBytes)
			}
			t.Logf("the page and its assets: %d bytes", total)
		})
	}
}

// checkCSP fails t unless hd carries the dashboard's policy, which allows
// no inline script or style and nothing from another origin.
func checkCSP(t *testing.T, what string, hd http.Header) {
	t.Helper()
	csp := hd.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: Content-Security-Policy %q lacks %q", what, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("%s: Content-Security-Policy %q allows something unsafe", what, csp)
	}
	if got := hd.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q, want nosniff", what, got)
	}
}

// TestDashboardAssetsNotFound checks that only the embedded assets are
// served.
func TestDashboardAssetsNotFound(t *testing.T) {
	t.Parallel()
	h, err := New(metrics.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/debug/dashboard/assets/nothing.js", "/debug/dashboard/assets/", "/debug/dashboard/assets/..%2fdashboard.go"} {
		if w := get(h, path); w.Code == http.StatusOK {
			t.Errorf("GET %s: got 200, want an error", path)
		}
	}
}

// TestDashboardData checks the header facts, the samples of a serving
// server and of the one serving the request, their since filter, and the
// error for a bad since.
func TestDashboardData(t *testing.T) {
	entered, release, causes := make(chan struct{}, 1), make(chan struct{}), make(chan error, 1)
	api, base := apiServer(t, entered, release, causes)
	start := time.Unix(1_700_000_000, 0)
	h, err := newAdmin(metrics.NewRegistry(), time.Now, os.Args, []Options{{Service: "thing", Version: "v9", StartTime: start,
		Servers: []*server.Server{api}}})
	if err != nil {
		t.Fatal(err)
	}
	go func() { <-entered; release <- struct{}{} }()
	resp, err := http.Get(base + "/slow/1")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()

	var d dashboardData
	deadline := time.Now().Add(waitLimit)
	for {
		w := get(h, "/debug/dashboard/data")
		if w.Code != http.StatusOK {
			t.Fatalf("GET /debug/dashboard/data: got %d %s", w.Code, w.Body)
		}
		if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Servers) == 1 && d.Servers[0].Stats.Requests == 1 && len(d.Servers[0].Samples) > 0 && len(d.Servers[0].Routes) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for a sample and a route: got %+v", d)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if d.Service != "thing" || d.Version != "v9" || d.PID != os.Getpid() || !d.StartTime.Equal(start) || !d.Ready || d.Draining {
		t.Errorf("got header %+v, want service thing, version v9, our pid, the start time, ready", d)
	}
	srv := d.Servers[0]
	if srv.Name != "api" || srv.Routes[0].Route != "GET /slow/{n}" || srv.Routes[0].Requests != 1 {
		t.Errorf("got server %q with routes %+v, want api with GET /slow/{n} once", srv.Name, srv.Routes)
	}
	last := srv.Samples[len(srv.Samples)-1]
	if last.HeapInUse == 0 || last.Goroutines == 0 {
		t.Errorf("got sample %+v, want the process's heap and goroutines", last)
	}

	w := get(h, "/debug/dashboard/data?since="+jsonNumber(last.T))
	var later dashboardData
	if err := json.Unmarshal(w.Body.Bytes(), &later); err != nil || w.Code != http.StatusOK {
		t.Fatalf("GET ?since: got %d %s", w.Code, w.Body)
	}
	for _, s := range later.Servers[0].Samples {
		if s.T <= last.T {
			t.Errorf("?since=%d: got a sample at %d", last.T, s.T)
		}
	}

	for _, since := range []string{"yesterday", "-1", "1.5"} {
		w := get(h, "/debug/dashboard/data?since="+since)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"bad_request"`) {
			t.Errorf("?since=%s: got %d %s, want a 400 JSON error", since, w.Code, w.Body)
		}
	}
}

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestServiceDefault checks that the service is named after the program
// by default.
func TestServiceDefault(t *testing.T) {
	t.Parallel()
	h, err := New(metrics.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	var d dashboardData
	if err := json.Unmarshal(get(h, "/debug/dashboard/data").Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Base(os.Args[0]); d.Service != want {
		t.Errorf("got service %q, want %q", d.Service, want)
	}
}
