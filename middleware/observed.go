package middleware

import (
	"net/http"

	"github.com/seed78c03fa0/tonic/internal/respwriter"
)

// Observation is what Observed reports about a response once the handler
// has returned.
type Observation struct {
	// Status is the final status: the one the handler wrote, or the
	// implicit 200 of a handler that wrote no header (which net/http sends
	// after the callback returns). It is 0 for a hijacked connection, and
	// for a handler that panicked before writing a header.
	Status int
	// Header is the response header: what went out with the status, or
	// what will go out with an implicit 200. It is the response's own map:
	// read it, never change it.
	Header http.Header
	// Bytes is the number of body bytes written.
	Bytes int64
	// Body is a copy of the first ObserveOptions.Body bytes of the body;
	// nil when that bound is 0.
	Body []byte
	// BodyTruncated reports a body longer than Body.
	BodyTruncated bool
	// Hijacked reports a hijacked connection (a WebSocket, say): it has no
	// status and Bytes counts nothing written after the hijack.
	Hijacked bool
	// Panicked reports a handler that panicked. The callback runs while
	// the panic goes on to Recovered or net/http, which answer after it.
	Panicked bool
}

// ObserveOptions configures Observed. The zero value observes the status,
// header and size, not the body.
type ObserveOptions struct {
	// Body is how many bytes of the response body Observation.Body keeps,
	// a bounded copy taken as the handler writes. Defaults to 0: no body.
	Body int
}

// Observed returns middleware that calls f with the request and an
// Observation of the response after the handler returns: the status, the
// header, the number of body bytes and, up to ObserveOptions.Body, a copy
// of the body. It is what replaces Tiger Tonic's PostProcessed and its tee
// writers (TeeResponseWriter, TeeHeaderResponseWriter), without a writer of
// its own: it reads the shared response-writer wrapper, so Flush, Hijack and
// http.ResponseController keep working and the body is copied only when
// asked for, within the bound.
//
// f runs on the request's goroutine before the response is finished: the
// response header of a handler that wrote nothing has not gone out yet, so
// f must not change it (use Cached or a handler for that). The route the
// mux matched is tonic.RouteOf(r). f is also called, with Panicked set,
// when the handler panics. It panics if f is nil, if opts are more than
// one, or if the body bound is negative.
func Observed(f func(r *http.Request, o Observation), opts ...ObserveOptions) Middleware {
	o := oneOptions("Observed", opts)
	switch {
	case f == nil:
		panic("middleware: Observed: the callback is nil")
	case o.Body < 0:
		panic("middleware: Observed: negative body bound in ObserveOptions")
	}
	return func(next http.Handler) http.Handler {
		mustHandler("Observed", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			rw := respwriter.Wrap(w)
			var body *respwriter.Capture
			if o.Body > 0 {
				body = rw.Tap(o.Body)
			}
			completed := false
			defer func() { f(r, observation(rw, body, !completed)) }()
			next.ServeHTTP(rw, r)
			completed = true
		})
	}
}

// observation reads the Observation off the shared wrapper.
func observation(rw *respwriter.Writer, body *respwriter.Capture, panicked bool) Observation {
	o := Observation{Status: rw.Status(), Header: rw.Header(), Bytes: rw.Bytes, Hijacked: rw.Hijacked, Panicked: panicked}
	if panicked && !rw.Written() {
		o.Status = 0
	}
	if body != nil {
		o.Body, o.BodyTruncated = body.Snapshot()
	}
	return o
}
