package middleware

import (
	"net/http/httptest"
	"testing"

	metrics "github.com/rcrowley/go-metrics"
)

func TestCountedByStatusXX(t *testing.T) {
	t.Parallel()
	checkStatusCounts(t, CountedByStatusXX, []statusRow{
		{name: "classes, implicit 200 is 2xx, standard classes registered at once", mname: "api",
			statuses: []string{"implicit", "204", "301", "404", "429", "503", "999", "hijack"},
			want: map[string]int64{"api-1xx": 0, "api-2xx": 2, "api-3xx": 1, "api-4xx": 2, "api-5xx": 1,
				"api-9xx": 1}},
		{name: "per route classes", statuses: []string{"200", "201"},
			want: map[string]int64{"GET /users/{id}-2xx": 2}},
	})
}

func TestCountedByStatusXXConstruction(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	_ = reg.Register("x-5xx", metrics.NewGauge())
	wantPanicPrefix(t, `CountedByStatusXX: metric "x-5xx" is already registered`, func() { CountedByStatusXX(reg, "x") })
	wantPanicPrefix(t, "CountedByStatusXX with a nil metrics.Registry", func() { CountedByStatusXX(nil, "") })
	wantPanicPrefix(t, "CountedByStatusXX applied to a nil handler", func() { CountedByStatusXX(reg, "y")(nil) })
	// At request time a clash is dropped, not a panic.
	_ = reg.Register("unmatched-2xx", metrics.NewGauge())
	serve(CountedByStatusXX(reg, "")(noop), httptest.NewRequest("GET", "/", nil))
}
