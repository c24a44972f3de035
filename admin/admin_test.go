package admin

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// httptestRecorder is short for the recorder the helpers return.
type httptestRecorder = httptest.ResponseRecorder

// get serves one GET through h.
func get(h http.Handler, target string) *httptestRecorder {
	return serveMethod(h, "GET", target)
}

// serveMethod serves one request through h.
func serveMethod(h http.Handler, method, target string) *httptestRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func TestNewRequiresRegistry(t *testing.T) {
	t.Parallel()
	if _, err := New(nil); err == nil || err.Error() != "admin: New with a nil metrics.Registry" {
		t.Errorf("New without a registry: got %v, want an error naming the registry", err)
	}
	if _, err := New(metrics.NewRegistry(), Options{}, Options{}); err == nil || !strings.Contains(err.Error(), "2 Options") {
		t.Errorf("New with two Options: got %v, want an error", err)
	}
}

func TestInfo(t *testing.T) {
	t.Parallel()
	start := time.Unix(1_700_000_000, 0)
	now := start.Add(3*time.Hour + 2*time.Minute + 1500*time.Millisecond)
	h, err := newAdmin(metrics.NewRegistry(), func() time.Time { return now }, os.Args,
		[]Options{{Version: "v1.2.3", BuildTime: "2026-11-25T00:00:00Z", StartTime: start}})
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "/info")
	var got Info
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 {
		t.Fatalf("GET /info: got %d %q (%v)", w.Code, w.Body, err)
	}
	want := Info{PID: os.Getpid(), Version: "v1.2.3", BuildTime: "2026-11-25T00:00:00Z", GoVersion: runtime.Version(),
		StartTime: 1_700_000_000, CurrentTime: now.Unix(), Uptime: "3h2m2s"}
	got.Module, got.Revision, got.RevisionTime, got.Modified = "", "", "", false // depend on how the test was built
	if got != want {
		t.Errorf("GET /info: got %+v, want %+v", got, want)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	var ready atomic.Bool
	h, err := New(metrics.NewRegistry(), Options{Ready: ready.Load})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		ready  bool
		target string
		code   int
	}{
		{"alive while starting", false, "/healthz", 200},
		{"not ready while starting", false, "/readyz", 503},
		{"ready", true, "/readyz", 200},
		{"draining", false, "/readyz", 503},
	}
	for _, tt := range tests {
		ready.Store(tt.ready)
		if w := get(h, tt.target); w.Code != tt.code {
			t.Errorf("%s: GET %s: got %d %q, want %d", tt.name, tt.target, w.Code, w.Body, tt.code)
		}
	}
}

func TestPrometheusMetrics(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	metrics.GetOrRegisterCounter("GET /users/{id}", reg).Inc(3)
	metrics.GetOrRegisterGauge("queue depth", reg).Update(7)
	timer := metrics.GetOrRegisterTimer("GET /users/{id}.timer", reg)
	timer.Update(2 * time.Second)
	timer.Update(4 * time.Second)
	metrics.GetOrRegisterMeter("marks", reg).Mark(5)
	metrics.GetOrRegisterHistogram("sizes", reg, metrics.NewUniformSample(10)).Update(10)
	h, err := New(reg, Options{MetricsNamespace: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "/metrics")
	body := w.Body.String()
	for _, want := range []string{
		"# TYPE svc_counter counter\nsvc_counter{name=\"GET /users/{id}\"} 3\n",
		"# TYPE svc_gauge gauge\nsvc_gauge{name=\"queue depth\"} 7\n",
		"# TYPE svc_meter_total counter\nsvc_meter_total{name=\"marks\"} 5\n",
		"svc_timer_seconds{name=\"GET /users/{id}.timer\",quantile=\"0.5\"} 3\n",
		"svc_timer_seconds_sum{name=\"GET /users/{id}.timer\"} 6\n",
		"svc_timer_seconds_count{name=\"GET /users/{id}.timer\"} 2\n",
		"svc_histogram_count{name=\"sizes\"} 1\n",
		"go_goroutines ",
		"process_start_time_seconds ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /metrics lacks %q; got:\n%s", want, body)
		}
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type: got %q, want the Prometheus text format", ct)
	}
}

// TestPrometheusMetricsInvalidUTF8Name: Prometheus label values must be
// UTF-8. A go-metrics name that is not (a route pattern or a name from other
// code) must not panic in the collector, which runs on a goroutine of its own
// where a panic ends the process.
func TestPrometheusMetricsInvalidUTF8Name(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	metrics.GetOrRegisterCounter("GET /caf\xe9", reg).Inc(3)
	h, err := New(reg)
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "/metrics")
	if want := "tonic_counter{name=\"GET /caf\ufffd\"} 3\n"; w.Code != 200 || !strings.Contains(w.Body.String(), want) {
		t.Errorf("GET /metrics: got %d, want 200 with %q; got:\n%s", w.Code, want, w.Body)
	}
}

func TestMetricsJSON(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	metrics.GetOrRegisterCounter("hits", reg).Inc(2)
	h, err := New(reg)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]map[string]float64
	if err := json.Unmarshal(get(h, "/debug/metrics").Body.Bytes(), &got); err != nil || got["hits"]["count"] != 2 {
		t.Errorf("GET /debug/metrics: got %v (%v), want hits.count 2", got, err)
	}
}

func TestPprof(t *testing.T) {
	t.Parallel()
	h, err := New(metrics.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		target, contains string
		code             int
	}{
		{"/debug/pprof/", `href="goroutine?debug=1"`, 200},
		{"/debug/pprof/goroutine?debug=1", "goroutine profile:", 200},
		{"/debug/pprof/heap?debug=1", "heap profile:", 200},
		{"/debug/pprof/cmdline", os.Args[0], 200},
		{"/debug/pprof/nope", `"error":"not_found"`, 404},
		{"/debug/pprof/profile?seconds=0", `"error":"bad_request"`, 400},
		{"/debug/pprof/trace?seconds=x", `"error":"bad_request"`, 400},
	}
	for _, tt := range tests {
		w := get(h, tt.target)
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.contains) {
			t.Errorf("GET %s: got %d %.200q, want %d containing %q", tt.target, w.Code, w.Body, tt.code, tt.contains)
		}
	}
	if http.DefaultServeMux != nil {
		if _, pattern := http.DefaultServeMux.Handler(httptest.NewRequest("GET", "/debug/pprof/", nil)); pattern != "" {
			t.Errorf("DefaultServeMux serves %q: the admin handler must not register there", pattern)
		}
	}
}

func TestPprofProfile(t *testing.T) {
	t.Parallel()
	h, err := New(metrics.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/debug/pprof/profile?seconds=1", "/debug/pprof/trace?seconds=1"} {
		w := get(h, target)
		if w.Code != 200 || w.Body.Len() == 0 || w.Header().Get("Content-Type") != "application/octet-stream" {
			t.Errorf("GET %s: got %d, %d bytes of %q", target, w.Code, w.Body.Len(), w.Header().Get("Content-Type"))
		}
	}
}
