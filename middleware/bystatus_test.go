package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"

	metrics "github.com/rcrowley/go-metrics"
)

// statusHandler answers with the status given in the "s" query parameter,
// writing nothing at all for "implicit", and hijacks for "hijack".
func statusHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch s := r.URL.Query().Get("s"); s {
		case "implicit":
		case "hijack":
			_, _, _ = http.NewResponseController(w).Hijack()
		default:
			code := 0
			for _, c := range s {
				code = code*10 + int(c-'0')
			}
			w.WriteHeader(code)
		}
	})
}

// statusRow is a case of the by-status counters: the statuses served (see
// statusHandler) and every metric expected in the registry afterwards.
type statusRow struct {
	name     string
	mname    string
	statuses []string
	want     map[string]int64
}

// checkStatusCounts runs the rows through mw around routedMux.
func checkStatusCounts(t *testing.T, mw func(metrics.Registry, string) Middleware, rows []statusRow) {
	t.Helper()
	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg := metrics.NewRegistry()
			h := mw(reg, tt.mname)(routedMux(statusHandler()))
			for _, s := range tt.statuses {
				serve(hijackRecorderHandler(h), httptest.NewRequest("GET", "/users/1?s="+s, nil))
			}
			total := 0
			reg.Each(func(string, interface{}) { total++ })
			if total != len(tt.want) {
				t.Errorf("got %d metrics, want %d", total, len(tt.want))
			}
			for n, w := range tt.want {
				if got := counts(reg, n)[n]; got != w {
					t.Errorf("%s got %d, want %d", n, got, w)
				}
			}
		})
	}
}

func TestCountedByStatus(t *testing.T) {
	t.Parallel()
	checkStatusCounts(t, CountedByStatus, []statusRow{
		{name: "every status, no panic", mname: "api",
			statuses: []string{"implicit", "200", "201", "404", "422", "429", "500", "599", "999", "hijack"},
			want: map[string]int64{"api-200": 2, "api-201": 1, "api-404": 1, "api-422": 1, "api-429": 1,
				"api-500": 1, "api-599": 1, "api-999": 1}},
		{name: "per route", statuses: []string{"200", "404"},
			want: map[string]int64{"GET /users/{id}-200": 1, "GET /users/{id}-404": 1}},
	})
}

// hijackRecorderHandler serves h with a hijackable recorder.
func hijackRecorderHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(hijackRecorder{w.(*httptest.ResponseRecorder)}, r)
	})
}

func TestCountedByStatusSharesCounters(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	for i := 0; i < 2; i++ {
		serve(CountedByStatus(reg, "x")(noop), httptest.NewRequest("GET", "/", nil))
		serve(CountedByStatusXX(reg, "x")(noop), httptest.NewRequest("GET", "/", nil))
	}
	if got := counts(reg, "x-200", "x-2xx"); got["x-200"] != 2 || got["x-2xx"] != 2 {
		t.Errorf("got %v, want x-200 and x-2xx at 2", got)
	}
}

func TestCountedByStatusPanicsAreNotCountedWithoutHeader(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	h := CountedByStatus(reg, "p")(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	func() {
		defer func() { _ = recover() }()
		serve(h, httptest.NewRequest("GET", "/", nil))
	}()
	n := 0
	reg.Each(func(string, interface{}) { n++ })
	if n != 0 {
		t.Errorf("got %d metrics after a headerless panic, want 0", n)
	}
}

func TestCountedByStatusConstruction(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	wantPanicPrefix(t, "CountedByStatus with a nil metrics.Registry", func() { CountedByStatus(nil, "") })
	// At request time a clash is dropped, not a panic.
	_ = reg.Register("y-200", metrics.NewGauge())
	serve(CountedByStatus(reg, "y")(noop), httptest.NewRequest("GET", "/", nil))
}
