package tonic

import "context"

// requestIDKey is the context key of the request ID.
type requestIDKey struct{}

// ContextWithRequestID returns a copy of ctx that carries the request ID id.
// Error bodies, logs and the in-flight request table read it back with
// RequestIDFrom. A Record carries the ID of its request without it.
func ContextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request ID carried by ctx (by ContextWithRequestID
// or by the request's Record), or "" if there is none.
func RequestIDFrom(ctx context.Context) string {
	switch id := ctx.Value(requestIDKey{}).(type) {
	case string:
		return id
	case *string: // a Record's
		return *id
	}
	return ""
}
