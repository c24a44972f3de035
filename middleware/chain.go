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
