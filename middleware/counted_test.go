package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/tonic"
)

// routedMux mounts h at "GET /users/{id}" and "POST /users" on a ServeMux
// wrapped in a request-replacing middleware, so route names must survive.
func routedMux(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", h)
	mux.Handle("POST /users", h)
	return WithContext[int]()(mux)
}

// counts returns the counts of the named counters in reg, -1 for a missing
// or non-counter name.
func counts(reg metrics.Registry, names ...string) map[string]int64 {
	got := map[string]int64{}
	for _, n := range names {
		got[n] = -1
		if c, ok := reg.Get(n).(metrics.Counter); ok {
			got[n] = c.Count()
		}
	}
	return got
}

func TestCounted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		mname string
		paths []string
		want  map[string]int64
	}{
		{name: "named counter counts every request", mname: "api",
			paths: []string{"GET /users/1", "GET /nope", "POST /users"},
			want:  map[string]int64{"api": 3}},
		{name: "empty name counts per route, unmatched shared", mname: "",
			paths: []string{"GET /users/1", "GET /users/2", "POST /users", "GET /nope", "DELETE /x"},
			want: map[string]int64{"GET /users/{id}.count": 2, "POST /users.count": 1,
				"unmatched.count": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg := metrics.NewRegistry()
			h := Counted(reg, tt.mname)(routedMux(text(200, "ok")))
			for _, p := range tt.paths {
				m, path, _ := strings.Cut(p, " ")
				serve(h, httptest.NewRequest(m, path, nil))
			}
			names := make([]string, 0, len(tt.want))
			for n := range tt.want {
				names = append(names, n)
			}
			got := counts(reg, names...)
			for n, w := range tt.want {
				if got[n] != w {
					t.Errorf("%s got %d, want %d", n, got[n], w)
				}
			}
		})
	}
}

func TestCountedSharesAndClashes(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	a, b := Counted(reg, "shared")(noop), Counted(reg, "shared")(noop)
	serve(a, httptest.NewRequest("GET", "/", nil))
	serve(b, httptest.NewRequest("GET", "/", nil))
	if got := counts(reg, "shared")["shared"]; got != 2 {
		t.Errorf("shared counter got %d, want 2", got)
	}
	_ = reg.Register("a-timer", metrics.NewTimer())
	wantPanicPrefix(t, `Counted: metric "a-timer" is already registered as a *metrics.StandardTimer`,
		func() { Counted(reg, "a-timer") })
	wantPanicPrefix(t, "Counted with a nil metrics.Registry", func() { Counted(nil, "x") })
	wantPanicPrefix(t, "Counted applied to a nil handler", func() { Counted(reg, "x")(nil) })

	// At request time a clash of kinds is not counted, and never panics.
	_ = reg.Register("unmatched.count", metrics.NewGauge())
	serve(Counted(reg, "")(noop), httptest.NewRequest("GET", "/", nil))
	if g := reg.Get("unmatched.count").(metrics.Gauge).Value(); g != 0 {
		t.Errorf("clashing gauge got %d, want 0", g)
	}
}

// TestRouteNamesOnTrieServeMux: tonic's own mux sets r.Pattern, and the
// route name survives a request-replacing middleware between the handler
// and the metrics.
func TestRouteNamesOnTrieServeMux(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/users/{id}", WithContext[session]()(text(200, "ok")))
	h := Chain(Counted(reg, ""), WithContext[int]())(mux)
	for _, p := range []string{"/users/1", "/users/2", "/nope"} {
		serve(h, httptest.NewRequest("GET", p, nil))
	}
	if got := counts(reg, "GET /users/{id}.count", "unmatched.count"); got["GET /users/{id}.count"] != 2 || got["unmatched.count"] != 1 {
		t.Errorf("got %v, want 2 for the route and 1 unmatched", got)
	}
}
