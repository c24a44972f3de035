package main

import (
	"net/http"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// authRealm is the realm of the Basic authentication of writes.
const authRealm = "exampled"

// corsMaxAge is how long browsers may cache a CORS preflight answer.
const corsMaxAge = 10 * time.Minute

// apiOptions are what the API is built from.
type apiOptions struct {
	store       *Store
	log         zerolog.Logger
	registry    metrics.Registry // per-route counters and timers
	auth        credentials      // the user allowed to write
	corsOrigins []string         // nil for no CORS
	proxies     proxies          // mounted beside /1.0, behind the same middleware
	version     string           // the build's version, answered at /1.0/version
}

// newAPI returns the API handler: the routes under /1.0, wrapped in
// RequestID, Logged, Counted, Timed and Recovered (per-route metrics), and
// CORS when origins are given; writes need Basic authentication. The -proxy
// mounts sit beside /1.0 behind the same middleware.
func newAPI(o apiOptions) http.Handler {
	s := &stuff{store: o.store}
	auth := middleware.BasicAuth(authRealm, map[string]string{o.auth.user: o.auth.password})
	writes := marshal.Options{MaxBodyBytes: maxBodyBytes}

	mux := tonic.NewTrieServeMux()
	v1 := mux.Group(apiPrefix)
	v1.Handle("POST", "/stuff", auth(marshal.Typed(s.create, writes)))
	v1.Handle("GET", "/stuff", marshal.Typed(s.list))
	v1.Handle("GET", "/stuff/{id}", marshal.Typed(s.get))
	v1.Handle("PUT", "/stuff/{id}", auth(marshal.Typed(s.update, writes)))
	v1.Handle("DELETE", "/stuff/{id}", auth(marshal.Typed(s.remove)))
	v1.Handle("GET", "/sleep/{ms}", marshal.Typed(sleep))
	v1.Handle("GET", "/version", tonic.Version(o.version))
	o.proxies.mount(mux)

	stack := []middleware.Middleware{
		middleware.RequestID(),
		middleware.Logged(o.log),
		middleware.Counted(o.registry, ""),
		middleware.Timed(o.registry, ""),
		middleware.Recovered(o.log),
	}
	if o.corsOrigins != nil {
		stack = append(stack, middleware.CORS(o.corsOrigins, middleware.CORSOptions{
			Methods:        []string{"GET", "HEAD", "POST", "PUT", "DELETE"},
			Headers:        []string{"Authorization", "Content-Type", tonic.RequestIDHeader},
			ExposedHeaders: []string{"Location", tonic.RequestIDHeader},
			MaxAge:         corsMaxAge,
		}))
	}
	return middleware.Chain(stack...)(mux)
}
