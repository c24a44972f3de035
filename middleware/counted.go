package middleware

import (
	"net/http"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Counted returns middleware that increments a go-metrics counter in reg
// once for every request, when the handler returns (or panics).
//
// A non-empty name is the counter's name. An empty name counts each route
// separately, in a counter named after the route (see tonic.RouteOf) plus
// ".count" ("GET /users/{id}.count"); requests that no route matched share
// "unmatched.count". The request's tonic.Record is installed here if no
// layer outside did, and tonic's muxes inside fill in the route, so
// middleware that replaces the request in between hides nothing. Several
// Counted given the same name share one counter.
//
// A request whose client went away before the handler returned (see
// tonic.Abandoned) is counted apart, in the counter named with
// ".abandoned" added: "GET /users/{id}.abandoned.count", or name +
// ".abandoned", registered on first use.
//
// It panics if reg is nil or if name is already registered in reg as
// another kind of metric. At request time a route name held by another kind
// of metric is not counted rather than panicking.
func Counted(reg metrics.Registry, name string) Middleware {
	counters := newRouteMetric("Counted", reg, name, counterSuffix, metrics.NewCounter)
	return func(next http.Handler) http.Handler {
		mustHandler("Counted", next)
		if counters.name != "" {
			return handler(next, func(w http.ResponseWriter, r *http.Request) {
				defer func() { counters.of(r, tonic.Abandoned(r.Context())).Inc(1) }()
				next.ServeHTTP(w, r)
			})
		}
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			r, _ = tonic.WithRecord(r, nil)
			defer func() { counters.of(r, tonic.Abandoned(r.Context())).Inc(1) }()
			next.ServeHTTP(w, r)
		})
	}
}
