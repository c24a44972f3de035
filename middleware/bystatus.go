package middleware

import (
	"net/http"
	"strconv"
	"sync"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// statusCounters holds the per-status counters of CountedByStatus and
// CountedByStatusXX: for each route (or the one given name), a counter per
// key, where key maps a status to its bucket and suffix names the bucket.
type statusCounters struct {
	reg    metrics.Registry
	key    func(status int) int
	suffix func(key int) string
	named  *counterSet
	routes sync.Map // route -> *counterSet
}

// counterSet is the counters of one name or route, by status bucket,
// registered on first use.
type counterSet struct {
	create func(key int) metrics.Counter
	m      sync.Map // key -> metrics.Counter
}

// get returns the counter of bucket k.
func (c *counterSet) get(k int) metrics.Counter { return loadOrCreate(&c.m, k, c.create) }

// newStatusCounters sets up the counters; with a name, the buckets listed
// in eager are registered at once (panicking on a clash of kinds).
func newStatusCounters(who string, reg metrics.Registry, name string, key func(int) int, suffix func(int) string, eager []int) *statusCounters {
	mustRegistry(who, reg)
	s := &statusCounters{reg: reg, key: key, suffix: suffix}
	if name != "" {
		for _, k := range eager {
			mustLookup(who, reg, name+suffix(k), metrics.NewCounter)
		}
		s.named = s.forBase(name)
		return s
	}
	return s
}

// forBase returns the lazily filled counters named base+suffix(key).
func (s *statusCounters) forBase(base string) *counterSet {
	return &counterSet{create: func(k int) metrics.Counter {
		return lookupOrDetached(s.reg, base+s.suffix(k), metrics.NewCounter)
	}}
}

// count counts a served request by status. A hijacked connection, or a
// panic before any header was written, has no status and is not counted.
func (s *statusCounters) count(r *http.Request, rw *respwriter.Writer, completed bool) {
	if rw.Hijacked || (!completed && !rw.WroteHeader) {
		return
	}
	m := s.named
	if m == nil {
		m = loadOrCreate(&s.routes, routeOf(r), s.forBase)
	}
	status := rw.Status()
	if completed && tonic.Abandoned(r.Context()) {
		status = tonic.StatusClientClosedRequest
	}
	m.get(s.key(status)).Inc(1)
}

// middleware wraps next so that every request is counted.
func (s *statusCounters) middleware(who string) Middleware {
	return func(next http.Handler) http.Handler {
		mustHandler(who, next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			if s.named == nil {
				r, _ = tonic.WithRecord(r, nil)
			}
			rw := respwriter.Wrap(w)
			completed := false
			defer func() { s.count(r, rw, completed) }()
			next.ServeHTTP(rw, r)
			completed = true
		})
	}
}

// CountedByStatus returns middleware that counts requests by response
// status in go-metrics counters in reg named name-<status> ("get-user-200",
// "get-user-404"). Any status counts, the implicit 200 of a handler that
// wrote no header included; a counter is registered on its status's first
// use. A hijacked connection has no status and is not counted. A request
// whose client went away before the handler returned counts as 499
// ("get-user-499"; see tonic.Abandoned), whatever the handler wrote.
//
// An empty name counts each route separately: the counters are named after
// the route (see tonic.RouteOf: "GET /users/{id}-200"); requests that no
// route matched share "unmatched-404" and its like. Several CountedByStatus
// given the same name share their counters.
//
// It panics if reg is nil. A name held by another kind of metric is not
// counted rather than panicking.
func CountedByStatus(reg metrics.Registry, name string) Middleware {
	return newStatusCounters("CountedByStatus", reg, name,
		func(status int) int { return status },
		func(status int) string { return "-" + strconv.Itoa(status) },
		nil).middleware("CountedByStatus")
}
