// Package reqid makes request IDs for the server and the middleware: the
// one place that decides where a request's ID comes from.
package reqid

import (
	"net/http"
	"time"

	"github.com/rs/xid"

	"github.com/seed78c03fa0/tonic/tonic"
)

// HeaderKey is tonic.RequestIDHeader in the canonical form of http.Header
// keys, so that reading and setting it needs no canonicalisation (Header.Get
// would allocate one on every request).
const HeaderKey = "X-Request-Id"

// New returns a new request ID for a request that started at start: a
// 20-character, time-ordered, globally unique xid (github.com/rs/xid, the
// generator zerolog's hlog uses).
func New(start time.Time) string {
	return xid.NewWithTime(start).String()
}

// For returns the ID of request r, which started at start: the one its
// context already carries (tonic.RequestIDFrom), else a well-formed incoming
// X-Request-ID header (tonic.ValidRequestID), else a new one. It does not
// modify r. It is a tonic.IDFunc.
func For(r *http.Request, start time.Time) string {
	if id := tonic.RequestIDFrom(r.Context()); id != "" {
		return id
	}
	if v := r.Header[HeaderKey]; len(v) > 0 && tonic.ValidRequestID(v[0]) {
		return v[0]
	}
	return New(start)
}
