package middleware

import (
	"fmt"
	"net/http"
	"sync"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/tonic"
)

// unmatchedRoute is the route part of the metric names of requests that no
// route matched (their record names none). net/http and tonic patterns always
// contain a "/", so it cannot clash with a route.
const unmatchedRoute = "unmatched"

// The suffixes that keep route-named metrics of different kinds apart.
const (
	counterSuffix = ".count"
	timerSuffix   = ".timer"
)

// routeOf returns the route part of the metric names of r, a request that
// has been served (see tonic.RouteOf).
func routeOf(r *http.Request) string {
	if route := tonic.RouteOf(r); route != "" {
		return route
	}
	return unmatchedRoute
}

// mustRegistry panics when a metrics constructor is given a nil registry.
func mustRegistry(who string, reg metrics.Registry) {
	if reg == nil {
		panic("middleware: " + who + " with a nil metrics.Registry")
	}
}

// lookup returns the metric of kind M named name in reg, registering one
// made by newM when the name is free; ok is false when the name holds a
// metric of another kind. Two middleware given one name share the metric.
func lookup[M any](reg metrics.Registry, name string, newM func() M) (m M, ok bool) {
	m, ok = reg.GetOrRegister(name, newM).(M)
	return m, ok
}

// mustLookup is lookup at construction time: it panics, naming the metric
// and the middleware, when the name holds a metric of another kind.
func mustLookup[M any](who string, reg metrics.Registry, name string, newM func() M) M {
	m, ok := lookup(reg, name, newM)
	if !ok {
		panic(fmt.Sprintf("middleware: %s: metric %q is already registered as a %T",
			who, name, reg.Get(name)))
	}
	return m
}

// lookupOrDetached is lookup at request time, which must not panic: when
// the name holds a metric of another kind it returns a metric that is not
// registered anywhere, so those measurements are dropped.
func lookupOrDetached[M any](reg metrics.Registry, name string, newM func() M) M {
	if m, ok := lookup(reg, name, newM); ok {
		return m
	}
	return newM()
}

// abandonedSuffix marks the metrics of the requests whose client went away
// (see tonic.Abandoned): "GET /users/{id}.abandoned.count", or the name
// given plus ".abandoned".
const abandonedSuffix = ".abandoned"

// routeMetric picks a request's metric of one kind: the one named at
// construction, or, for an empty name, the one of the matched route; and
// for a request its client abandoned, the ".abandoned" one beside it.
type routeMetric[M any] struct {
	fixed  M
	name   string // "" for per-route metrics
	create func(base string) M
	routes sync.Map // route, or base of an abandoned metric -> M
}

// newRouteMetric resolves name now (panicking on a clash of kinds) or sets
// up per-route metrics named route+suffix.
func newRouteMetric[M any](who string, reg metrics.Registry, name, suffix string, newM func() M) *routeMetric[M] {
	mustRegistry(who, reg)
	p := &routeMetric[M]{name: name}
	if name != "" {
		p.fixed = mustLookup(who, reg, name, newM)
		p.create = func(base string) M { return lookupOrDetached(reg, base, newM) }
		return p
	}
	p.create = func(route string) M { return lookupOrDetached(reg, route+suffix, newM) }
	return p
}

// of returns the metric for r, a request that has been served; abandoned
// says its client went away before the handler returned.
func (p *routeMetric[M]) of(r *http.Request, abandoned bool) M {
	switch {
	case p.name != "" && !abandoned:
		return p.fixed
	case p.name != "":
		return loadOrCreate(&p.routes, p.name+abandonedSuffix, p.create)
	case abandoned:
		return loadOrCreate(&p.routes, routeOf(r)+abandonedSuffix, p.create)
	}
	return loadOrCreate(&p.routes, routeOf(r), p.create)
}

// loadOrCreate returns the value of k in m, storing create(k) on first use.
// Lookups of existing keys neither lock nor allocate.
func loadOrCreate[K comparable, V any](m *sync.Map, k K, create func(K) V) V {
	if v, ok := m.Load(k); ok {
		return v.(V)
	}
	v, _ := m.LoadOrStore(k, create(k))
	return v.(V)
}
