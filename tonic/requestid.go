package tonic

import (
	"net/http"

	"github.com/rs/xid"
)

// RequestIDHeader is the header that carries a request ID in and out.
const RequestIDHeader = "X-Request-ID"

// requestIDHeaderKey is RequestIDHeader in the canonical form that http.Header
// keys have, so that reading it needs no canonicalisation (Header.Get would
// allocate one on every request).
const requestIDHeaderKey = "X-Request-Id"

// MaxRequestIDLen bounds the length of an incoming request ID that is kept.
const MaxRequestIDLen = 128

// NewRequestID returns a new request ID: a 20-character, time-ordered,
// globally unique xid (github.com/rs/xid, the generator zerolog's hlog uses).
func NewRequestID() string {
	return xid.New().String()
}

// ValidRequestID reports whether id is safe to take from a client: 1 to
// MaxRequestIDLen characters, each a letter, a digit or one of "-_.:+/=".
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '=':
		default:
			return false
		}
	}
	return true
}

// RequestIDFor returns the ID of request r: the one its context already
// carries (see ContextWithRequestID), else a well-formed incoming
// X-Request-ID header, else a new one. It does not modify r.
func RequestIDFor(r *http.Request) string {
	if id := RequestIDFrom(r.Context()); id != "" {
		return id
	}
	if v := r.Header[requestIDHeaderKey]; len(v) > 0 && ValidRequestID(v[0]) {
		return v[0]
	}
	return NewRequestID()
}
