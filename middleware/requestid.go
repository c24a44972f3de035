package middleware

import (
	"net/http"

	"github.com/seed78c03fa0/tonic/tonic"
)

// requestIDHeaderKey is tonic.RequestIDHeader in canonical form, so setting
// it needs no canonicalisation (a test keeps the two in step).
const requestIDHeaderKey = "X-Request-Id"

// RequestID returns middleware that gives every request an ID: the one the
// context already carries (tonic.Server puts one there), else a well-formed
// incoming X-Request-ID header (see tonic.ValidRequestID), else a new xid
// (see tonic.RequestIDFor). The ID goes into the context, where
// tonic.RequestIDFrom, the error bodies of tonic.WriteError and the log lines
// of Logged and Recovered find it, and into the X-Request-ID response header.
func RequestID() Middleware {
	return func(next http.Handler) http.Handler {
		mustHandler("RequestID", next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			id := tonic.RequestIDFrom(ctx)
			r2 := r
			if id == "" {
				id = requestIDFor(r)
				r2 = r.WithContext(tonic.ContextWithRequestID(ctx, id))
			}
			w.Header()[requestIDHeaderKey] = []string{id}
			tonic.ServeReplaced(next, w, r, r2)
		})
	}
}

// requestIDFor is tonic.RequestIDFor for a request whose context carries no
// ID: a well-formed X-Request-ID header, else a new ID. It reads the header
// by its canonical key, which saves the allocation Header.Get makes to
// canonicalise "X-Request-ID" on every request.
func requestIDFor(r *http.Request) string {
	if v := r.Header[requestIDHeaderKey]; len(v) > 0 && tonic.ValidRequestID(v[0]) {
		return v[0]
	}
	return tonic.NewRequestID()
}
