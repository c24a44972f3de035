package middleware

import (
	"net/http"
	"time"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Timed returns middleware that records how long each request takes, in a
// go-metrics timer in reg, when the handler returns (or panics). A request
// is timed from its start as its tonic.Record tells it (when the first tonic
// layer saw it: the server, or the outermost tonic middleware), so that
// Timed, Logged and the in-flight table agree and a request reads the clock
// once for its start; without a record, from the call to Timed.
//
// A non-empty name is the timer's name. An empty name times each route
// separately, in a timer named after the route (see tonic.RouteOf) plus
// ".timer" ("GET /users/{id}.timer");
// requests that no route matched share "unmatched.timer". Several Timed
// given the same name share one timer.
//
// It panics if reg is nil or if name is already registered in reg as
// another kind of metric. At request time a route name held by another kind
// of metric is not timed rather than panicking.
func Timed(reg metrics.Registry, name string) Middleware {
	timers := newRouteMetric("Timed", reg, name, timerSuffix, metrics.NewTimer)
	return func(next http.Handler) http.Handler {
		mustHandler("Timed", next)
		if timers.named {
			return handler(next, func(w http.ResponseWriter, r *http.Request) {
				start := startOf(r)
				defer func() { timers.fixed.UpdateSince(start) }()
				next.ServeHTTP(w, r)
			})
		}
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			r, rec := tonic.WithRecord(r, nil)
			defer func() { timers.of(r).UpdateSince(rec.Start()) }()
			next.ServeHTTP(w, r)
		})
	}
}

// startOf returns when the request started: its record's start, or now
// when it has no record.
func startOf(r *http.Request) time.Time {
	if rec := tonic.RecordFrom(r.Context()); rec != nil {
		return rec.Start()
	}
	return time.Now()
}
