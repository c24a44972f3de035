package server

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// maxRoutes bounds the routes a Server keeps a summary of; the requests of
// routes past it are counted under OtherRoutes.
const maxRoutes = 512

// OtherRoutes is the Route of the RouteStats that counts the requests of
// the routes past the first 512 a Server has seen.
const OtherRoutes = "(other routes)"

// NoRoute is the Route of the RouteStats that counts the requests no mux
// matched a route for (404s, 405s, a handler that is not a tonic mux).
const NoRoute = "(no route)"

// RouteStats summarizes the requests a Server has served on one route
// since it was made, as Server.Routes reports them for the admin
// dashboard's slowest routes.
type RouteStats struct {
	// Route is the matched pattern, as tonic.RouteOf reports it ("GET
	// /1.0/things/{id}"), or NoRoute, or OtherRoutes.
	Route    string
	Requests uint64
	// Errors counts the responses with a 5xx status.
	Errors uint64
	// Total is the time spent serving them all; Total/Requests is the
	// mean.
	Total time.Duration
	// Max is the longest.
	Max time.Duration
}

// Mean returns the mean duration of the route's requests, 0 without any.
func (rs RouteStats) Mean() time.Duration {
	if rs.Requests == 0 {
		return 0
	}
	return rs.Total / time.Duration(rs.Requests)
}

// routeSummary is the live row of one route: atomic counters only.
type routeSummary struct {
	requests atomic.Uint64
	errors   atomic.Uint64
	total    atomic.Int64
	max      atomic.Int64
}

// routeTable keeps a routeSummary per route. The request path reads an
// immutable map through an atomic pointer, without a lock or an
// allocation; a new route copies the map under mu (at most maxRoutes times).
type routeTable struct {
	m     atomic.Pointer[map[string]*routeSummary]
	mu    sync.Mutex // serializes the copies of m
	other routeSummary
}

// observe counts a request on route that took d with status.
func (t *routeTable) observe(route string, status int, d time.Duration) {
	if route == "" {
		route = NoRoute
	}
	rs := t.summary(route)
	rs.requests.Add(1)
	if status >= 500 {
		rs.errors.Add(1)
	}
	rs.total.Add(int64(d))
	for cur := rs.max.Load(); int64(d) > cur; cur = rs.max.Load() {
		if rs.max.CompareAndSwap(cur, int64(d)) {
			break
		}
	}
}

// summary returns the row of route, making it if there is room.
func (t *routeTable) summary(route string) *routeSummary {
	if m := t.m.Load(); m != nil {
		if rs, ok := (*m)[route]; ok {
			return rs
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var old map[string]*routeSummary
	if m := t.m.Load(); m != nil {
		old = *m
	}
	if rs, ok := old[route]; ok {
		return rs
	}
	if len(old) >= maxRoutes {
		return &t.other
	}
	m := make(map[string]*routeSummary, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	rs := &routeSummary{}
	m[route] = rs
	t.m.Store(&m)
	return rs
}

// snapshot returns every route's summary, slowest mean first.
func (t *routeTable) snapshot() []RouteStats {
	var out []RouteStats
	if m := t.m.Load(); m != nil {
		for route, rs := range *m {
			out = append(out, statsOf(route, rs))
		}
	}
	if t.other.requests.Load() > 0 {
		out = append(out, statsOf(OtherRoutes, &t.other))
	}
	slices.SortFunc(out, func(a, b RouteStats) int {
		if c := cmp.Compare(b.Mean(), a.Mean()); c != 0 {
			return c
		}
		return cmp.Compare(a.Route, b.Route)
	})
	return out
}

func statsOf(route string, rs *routeSummary) RouteStats {
	return RouteStats{Route: route, Requests: rs.requests.Load(), Errors: rs.errors.Load(),
		Total: time.Duration(rs.total.Load()), Max: time.Duration(rs.max.Load())}
}

// Routes returns a summary of the requests s has served per matched route,
// slowest mean first: at most 512 routes, then OtherRoutes.
func (s *Server) Routes() []RouteStats { return s.routes.snapshot() }
