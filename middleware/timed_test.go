package middleware

import (
	"net/http/httptest"
	"testing"

	metrics "github.com/rcrowley/go-metrics"
)

func TestTimed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		mname string
		want  map[string]int64
	}{
		{name: "named timer", mname: "api", want: map[string]int64{"api": 3}},
		{name: "per route", want: map[string]int64{"GET /users/{id}.timer": 2, "unmatched.timer": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg := metrics.NewRegistry()
			h := Timed(reg, tt.mname)(routedMux(text(200, "ok")))
			for _, p := range []string{"/users/1", "/users/2", "/nope"} {
				serve(h, httptest.NewRequest("GET", p, nil))
			}
			for n, w := range tt.want {
				tm, ok := reg.Get(n).(metrics.Timer)
				if !ok {
					t.Fatalf("%s got %T, want a timer", n, reg.Get(n))
				}
				if tm.Count() != w {
					t.Errorf("%s count got %d, want %d", n, tm.Count(), w)
				}
			}
		})
	}
}

func TestTimedAndCountedLiveSideBySide(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	h := Chain(Counted(reg, ""), Timed(reg, ""), CountedByStatus(reg, ""), CountedByStatusXX(reg, ""))(routedMux(text(200, "ok")))
	serve(h, httptest.NewRequest("GET", "/users/1", nil))
	kinds := map[string]string{}
	reg.Each(func(name string, m interface{}) {
		switch m.(type) {
		case metrics.Counter:
			kinds[name] = "counter"
		case metrics.Timer:
			kinds[name] = "timer"
		}
	})
	want := map[string]string{"GET /users/{id}.count": "counter", "GET /users/{id}.timer": "timer",
		"GET /users/{id}-200": "counter", "GET /users/{id}-2xx": "counter"}
	if len(kinds) != len(want) {
		t.Errorf("got metrics %v, want %v", kinds, want)
	}
	for n, k := range want {
		if kinds[n] != k {
			t.Errorf("%s got %q, want %q", n, kinds[n], k)
		}
	}
}

func TestTimedConstruction(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	_ = reg.Register("c", metrics.NewCounter())
	wantPanicPrefix(t, `Timed: metric "c" is already registered as a *metrics.StandardCounter`, func() { Timed(reg, "c") })
	wantPanicPrefix(t, "Timed with a nil metrics.Registry", func() { Timed(nil, "") })
}
