package tonic

import (
	"context"
	"net/http"
)

// requestIDKey is the context key of the request ID.
type requestIDKey struct{}

// ContextWithRequestID returns a copy of ctx that carries the request ID id.
// The RequestID middleware sets it; error bodies, logs and the in-flight
// request table read it back with RequestIDFrom.
func ContextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request ID carried by ctx, or "" if there is none.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// ServeReplaced serves r2, a replacement of r made by middleware (with
// r.WithContext, r.Clone or a shallow copy), with h, then hands the route
// pattern that a mux set on r2 back to r. Middleware that replaces the
// request uses it so that the middleware outside it still finds the matched
// route in r.Pattern after the handler returns, to name logs and metrics.
func ServeReplaced(h http.Handler, w http.ResponseWriter, r, r2 *http.Request) {
	h.ServeHTTP(w, r2)
	if r2 != r {
		r.Pattern = r2.Pattern
	}
}
