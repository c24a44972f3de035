package middleware

import (
	"fmt"
	"net/http"
)

// Middleware wraps a handler in another. Every constructor of this package
// returns one; so do chi's and zerolog hlog's.
type Middleware = func(http.Handler) http.Handler

// Chain returns the middleware that applies ms in order: the first listed is
// the outermost, so Chain(a, b)(h) is a(b(h)). Chain with no arguments
// returns the handler unchanged. It panics if any element is nil, naming its
// position.
func Chain(ms ...Middleware) Middleware {
	for i, m := range ms {
		if m == nil {
			panic(fmt.Sprintf("middleware: Chain: middleware %d of %d is nil", i, len(ms)))
		}
	}
	ms = append([]Middleware(nil), ms...)
	return func(h http.Handler) http.Handler {
		if h == nil {
			panic("middleware: Chain applied to a nil handler")
		}
		for i := len(ms) - 1; i >= 0; i-- {
			h = ms[i](h)
		}
		return h
	}
}

// mustHandler panics with a message naming the middleware when next is nil,
// so a nil handler is reported at construction rather than at request time.
func mustHandler(name string, next http.Handler) {
	if next == nil {
		panic("middleware: " + name + " applied to a nil handler")
	}
}

// wrapped is the handler every middleware of this package returns: it
// serves with serve and unwraps to next, so that what looks at a route's
// handler (the openapi package, a test) can see through the middleware to
// the handler inside.
type wrapped struct {
	next  http.Handler
	serve func(http.ResponseWriter, *http.Request)
}

// handler returns the handler of a middleware around next that serves
// with serve.
func handler(next http.Handler, serve func(http.ResponseWriter, *http.Request)) http.Handler {
	return &wrapped{next: next, serve: serve}
}

// ServeHTTP serves the request.
func (h *wrapped) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.serve(w, r) }

// Unwrap returns the handler the middleware wraps.
func (h *wrapped) Unwrap() http.Handler { return h.next }
