package middleware

import (
	"net/http"

	"github.com/seed78c03fa0/tonic/tonic"
)

// contextKey is the context key of the WithContext value of type T: one key
// type per T, so values of different types never collide.
type contextKey[T any] struct{}

// WithContext returns middleware that gives each request a fresh zero value
// of type T, reachable by the handlers it wraps through Context[T]. The value
// lives in the request's context (its tonic.Record, installed here if no
// layer outside did): there is no global map and no lock, the request is not
// copied, and the value survives r.WithContext. It is made when a handler
// first asks for it. A handler fills it in and handlers further in read it;
// it is dropped with the request.
func WithContext[T any]() Middleware {
	make := func(*tonic.Record) any { return new(T) }
	return func(next http.Handler) http.Handler {
		mustHandler("WithContext", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			r, rec := tonic.WithRecord(r, nil)
			rec.SetLazyValue(contextKey[T]{}, make)
			next.ServeHTTP(w, r)
		})
	}
}

// Context returns the request's value of type T set up by WithContext[T], or
// nil when no WithContext[T] wraps the handler.
func Context[T any](r *http.Request) *T {
	v, _ := r.Context().Value(contextKey[T]{}).(*T)
	return v
}
