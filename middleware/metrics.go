package middleware

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	metrics "github.com/rcrowley/go-metrics"
)

// unmatchedRoute is the route part of the metric names of requests that no
// route matched (r.Pattern is empty). net/http and tonic patterns always
// contain a "/", so it cannot clash with a route.
const unmatchedRoute = "unmatched"

// The suffixes that keep route-named metrics of different kinds apart.
const (
	counterSuffix = ".count"
	timerSuffix   = ".timer"
)

// routeOf returns the route part of a request's metric names.
func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return unmatchedRoute
	}
	return r.Pattern
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

// lazyMap is a read-mostly map filled on first use: lookups are lock-free
// and allocation-free, and a miss copies the map under a lock. It suits keys
// bounded by the routes of a mux or the HTTP status codes.
type lazyMap[K comparable, V any] struct {
	create func(K) V
	mu     sync.Mutex
	m      atomic.Pointer[map[K]V]
}

// get returns the value for k, creating it on first use.
func (c *lazyMap[K, V]) get(k K) V {
	if m := c.m.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			return v
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	if old != nil {
		if v, ok := (*old)[k]; ok {
			return v
		}
	}
	m := make(map[K]V, 1+lenOf(old))
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	v := c.create(k)
	m[k] = v
	c.m.Store(&m)
	return v
}

// lenOf is len(*m), 0 for nil.
func lenOf[K comparable, V any](m *map[K]V) int {
	if m == nil {
		return 0
	}
	return len(*m)
}

// routeMetric picks a request's metric of one kind: the one named at
// construction, or, for an empty name, the one of the matched route.
type routeMetric[M any] struct {
	fixed  M
	named  bool
	routes lazyMap[string, M]
}

// newRouteMetric resolves name now (panicking on a clash of kinds) or sets
// up per-route metrics named route+suffix.
func newRouteMetric[M any](who string, reg metrics.Registry, name, suffix string, newM func() M) *routeMetric[M] {
	mustRegistry(who, reg)
	p := &routeMetric[M]{named: name != ""}
	if p.named {
		p.fixed = mustLookup(who, reg, name, newM)
		return p
	}
	p.routes.create = func(route string) M { return lookupOrDetached(reg, route+suffix, newM) }
	return p
}

// of returns the metric for a request that has been served.
func (p *routeMetric[M]) of(r *http.Request) M {
	if p.named {
		return p.fixed
	}
	return p.routes.get(routeOf(r))
}
