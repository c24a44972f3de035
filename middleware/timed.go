package middleware

import (
	"net/http"
	"time"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Timed returns middleware that records how long each request takes, in a
// go-metrics timer in reg, when the handler returns (or panics). A request
// is timed by its tonic.Record (see Record.Finish): from when the first
// tonic layer saw it (the server, or the outermost tonic middleware) to when
// the first layer asked after the handler returned, so that Timed, Logged
// and the server report the same duration and a request reads the clock
// once for its start and once for its end; without a record, from the call
// to Timed.
//
// The timers it registers are tonic's own implementation of
// metrics.Timer, lock-free on the request path: Count and Sum cover every
// request; Min, Max, Mean, StdDev and the percentiles cover the last minute
// (percentiles within about 9%, from a histogram of 4 buckets per power of
// two); Rate1, Rate5 and Rate15 are moving averages over 1, 5 and 15
// minutes. A timer already registered under the name (a go-metrics
// StandardTimer, say) is used as it is.
//
// A non-empty name is the timer's name. An empty name times each route
// separately, in a timer named after the route (see tonic.RouteOf) plus
// ".timer" ("GET /users/{id}.timer");
// requests that no route matched share "unmatched.timer". Several Timed
// given the same name share one timer.
//
// A request whose client went away before the handler returned (see
// tonic.Abandoned) is timed apart, so that the route's latencies stay
// those of answered requests: in the timer named with ".abandoned" added,
// "GET /users/{id}.abandoned.timer", or name + ".abandoned", registered on
// first use.
//
// It panics if reg is nil or if name is already registered in reg as
// another kind of metric. At request time a route name held by another kind
// of metric is not timed rather than panicking.
func Timed(reg metrics.Registry, name string) Middleware {
	timers := newRouteMetric("Timed", reg, name, timerSuffix, newTimer)
	return func(next http.Handler) http.Handler {
		mustHandler("Timed", next)
		if timers.name != "" {
			return handler(next, func(w http.ResponseWriter, r *http.Request) {
				rec, start := tonic.RecordFrom(r.Context()), time.Time{}
				if rec == nil {
					start = time.Now()
				}
				defer func() { observe(timers.of(r, tonic.Abandoned(r.Context())), rec, start) }()
				next.ServeHTTP(w, r)
			})
		}
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			r, rec := tonic.WithRecord(r, nil)
			defer func() { observe(timers.of(r, tonic.Abandoned(r.Context())), rec, time.Time{}) }()
			next.ServeHTTP(w, r)
		})
	}
}

// observe records a finished request in t: its record's duration (see
// tonic.Record.Finish), or the time since start when it has no record.
func observe(t metrics.Timer, rec *tonic.Record, start time.Time) {
	if rec == nil {
		t.UpdateSince(start)
		return
	}
	d := rec.Finish()
	if tt, ok := t.(*timer); ok {
		tt.updateAt(d, rec.Start().Add(d)) // no clock read of its own
		return
	}
	t.Update(d)
}
