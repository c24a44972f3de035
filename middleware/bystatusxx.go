package middleware

import (
	"strconv"

	metrics "github.com/rcrowley/go-metrics"
)

// CountedByStatusXX returns middleware that counts requests by status class
// in go-metrics counters in reg named name-1xx to name-5xx ("get-user-2xx").
// The implicit 200 of a handler that wrote no header counts as 2xx; the
// nonstandard classes 6xx to 9xx that net/http lets through get counters of
// their own on first use. A hijacked connection has no status and is not
// counted. A request whose client went away before the handler returned
// counts as 499 (see tonic.Abandoned), in 4xx.
//
// With a non-empty name the five standard counters are registered at once.
// An empty name counts each route separately, in counters named after the
// pattern the mux matched ("GET /users/{id}-2xx"); requests that no route
// matched share "unmatched-4xx" and its like. Several CountedByStatusXX
// given the same name share their counters.
//
// It panics if reg is nil or if one of the five names is already registered
// in reg as another kind of metric. At request time a name held by another
// kind of metric is not counted rather than panicking.
func CountedByStatusXX(reg metrics.Registry, name string) Middleware {
	return newStatusCounters("CountedByStatusXX", reg, name,
		func(status int) int { return status / 100 },
		func(class int) string { return "-" + strconv.Itoa(class) + "xx" },
		[]int{1, 2, 3, 4, 5}).middleware("CountedByStatusXX")
}
