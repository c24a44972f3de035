package middleware

import (
	"net/http"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// Timed returns middleware that records how long each request takes, from
// the call to the handler until it returns (or panics), in a go-metrics
// timer in reg.
//
// A non-empty name is the timer's name. An empty name times each route
// separately, in a timer named after the pattern the mux matched plus
// ".timer" ("GET /users/{id}.timer"); requests that no route matched share
// "unmatched.timer". Several Timed given the same name share one timer.
//
// It panics if reg is nil or if name is already registered in reg as
// another kind of metric. At request time a route name held by another kind
// of metric is not timed rather than panicking.
func Timed(reg metrics.Registry, name string) Middleware {
	timers := newRouteMetric("Timed", reg, name, timerSuffix, metrics.NewTimer)
	return func(next http.Handler) http.Handler {
		mustHandler("Timed", next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			defer func() { timers.of(r).UpdateSince(start) }()
			next.ServeHTTP(w, r)
		})
	}
}
