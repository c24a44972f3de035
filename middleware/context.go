package middleware

import (
	"context"
	"net/http"

	"github.com/seed78c03fa0/tonic/tonic"
)

// contextKey is the context key of the WithContext value of type T: one key
// type per T, so values of different types never collide.
type contextKey[T any] struct{}

// WithContext returns middleware that gives each request a fresh zero value
// of type T, reachable by the handlers it wraps through Context[T]. The value
// lives in the request's context.Context: there is no global map and no lock,
// and it survives r.WithContext. A handler fills it in and handlers further
// in read it; it is dropped with the request.
func WithContext[T any]() Middleware {
	return func(next http.Handler) http.Handler {
		mustHandler("WithContext", next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), contextKey[T]{}, new(T))
			tonic.ServeReplaced(next, w, r, r.WithContext(ctx))
		})
	}
}

// Context returns the request's value of type T set up by WithContext[T], or
// nil when no WithContext[T] wraps the handler.
func Context[T any](r *http.Request) *T {
	v, _ := r.Context().Value(contextKey[T]{}).(*T)
	return v
}
