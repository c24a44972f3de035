package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// responseWriter is the one response-writer wrapper that every middleware of
// this package shares for a request. It records the final status (the
// implicit 200 included), the body bytes and whether the connection was
// hijacked, applies the Cache-Control of Cached just before the header goes
// out, and copies a bounded prefix of the body for Logged.
//
// It keeps http.Flusher, http.Hijacker and io.ReaderFrom working whatever the
// underlying writer supports (an unsupported Hijack or Flush reports
// http.ErrNotSupported through http.ResponseController), and Unwrap lets
// http.ResponseController reach the deadline and full-duplex controls.
type responseWriter struct {
	http.ResponseWriter
	status       int
	bytes        int64
	wroteHeader  bool
	hijacked     bool
	cacheControl string   // set by Cached: applied to 2xx/3xx responses without one
	body         *capture // set by Logged: bounded copy of the response body
}

var (
	_ http.Flusher  = (*responseWriter)(nil)
	_ http.Hijacker = (*responseWriter)(nil)
	_ io.ReaderFrom = (*responseWriter)(nil)
)

// wrap returns the request's shared wrapper: w itself when it already is
// one, otherwise a new wrapper around w.
func wrap(w http.ResponseWriter) *responseWriter {
	if rw, ok := w.(*responseWriter); ok {
		return rw
	}
	return &responseWriter{ResponseWriter: w}
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (rw *responseWriter) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// Status returns the status sent (or that net/http will send, 200, when the
// handler wrote nothing), or 0 for a hijacked connection.
func (rw *responseWriter) Status() int {
	switch {
	case rw.hijacked:
		return 0
	case !rw.wroteHeader:
		return http.StatusOK
	}
	return rw.status
}

// written reports whether anything has gone out: a final header, a body
// byte, a flush or a hijack.
func (rw *responseWriter) written() bool { return rw.wroteHeader || rw.hijacked }

// WriteHeader records a final status and passes it on. Informational 1xx
// headers other than 101 pass through without ending the header phase, as
// net/http allows.
func (rw *responseWriter) WriteHeader(code int) {
	if rw.wroteHeader || rw.hijacked {
		rw.ResponseWriter.WriteHeader(code) // let net/http report the superfluous call
		return
	}
	final := code < 100 || code > 199 || code == http.StatusSwitchingProtocols
	if final {
		rw.beforeHeader(code)
	}
	rw.ResponseWriter.WriteHeader(code)
	if final {
		rw.status, rw.wroteHeader = code, true
	}
}

// implicitHeader records the implicit 200 that net/http sends when the
// handler writes, flushes or copies a body without a WriteHeader call. It
// leaves the header to net/http so that Content-Type sniffing still works.
func (rw *responseWriter) implicitHeader() {
	if !rw.wroteHeader && !rw.hijacked {
		rw.beforeHeader(http.StatusOK)
		rw.status, rw.wroteHeader = http.StatusOK, true
	}
}

// beforeHeader applies what must be in the header before it goes out.
func (rw *responseWriter) beforeHeader(code int) {
	if rw.cacheControl != "" && code < 400 {
		if h := rw.Header(); len(h["Cache-Control"]) == 0 {
			h["Cache-Control"] = []string{rw.cacheControl}
		}
	}
}

// Write counts and passes on the body.
func (rw *responseWriter) Write(p []byte) (int, error) {
	rw.implicitHeader()
	n, err := rw.ResponseWriter.Write(p)
	rw.bytes += int64(n)
	if rw.body != nil {
		rw.body.add(p[:n])
	}
	return n, err
}

// ReadFrom copies src to the response with the underlying writer's ReadFrom
// when it has one (net/http's uses sendfile), counting the bytes.
func (rw *responseWriter) ReadFrom(src io.Reader) (int64, error) {
	rw.implicitHeader()
	if rw.body != nil {
		src = io.TeeReader(src, rw.body)
	}
	var n int64
	var err error
	if rf, ok := rw.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(writerOnly{rw.ResponseWriter}, src)
	}
	rw.bytes += n
	return n, err
}

// writerOnly hides every method but Write, so io.Copy cannot recurse into
// ReadFrom.
type writerOnly struct{ io.Writer }

// FlushError flushes the underlying writer, for http.ResponseController; it
// returns http.ErrNotSupported when nothing below can flush.
func (rw *responseWriter) FlushError() error {
	rw.implicitHeader()
	return http.NewResponseController(rw.ResponseWriter).Flush()
}

// Flush implements http.Flusher. A writer that cannot flush is left alone.
func (rw *responseWriter) Flush() { _ = rw.FlushError() }

// Hijack implements http.Hijacker through http.ResponseController, so it
// works whenever some writer below can hijack, and records the hijack.
func (rw *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(rw.ResponseWriter).Hijack()
	if err == nil {
		rw.hijacked = true
	}
	return c, brw, err
}
