package middleware

import (
	"net/http"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/tonic"
)

// RequestID returns middleware that gives every request an ID and sends it
// back in the X-Request-ID response header. The ID is the one the request's
// tonic.Record already has (a server gives every request one), else one the
// context carries (tonic.ContextWithRequestID), else a well-formed incoming
// X-Request-ID header (see tonic.ValidRequestID), else a new xid. It lives
// in the request's record, where tonic.RequestIDFrom, the error bodies of
// tonic.WriteError and the log lines of Logged and Recovered find it.
func RequestID() Middleware {
	return func(next http.Handler) http.Handler {
		mustHandler("RequestID", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			r, rec := tonic.WithRecord(r, reqid.For)
			w.Header()[reqid.HeaderKey] = rec.IDHeader()
			next.ServeHTTP(w, r)
		})
	}
}
