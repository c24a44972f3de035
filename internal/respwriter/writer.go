// Package respwriter is the one response-writer wrapper that the server
// and every middleware share for a request.
package respwriter

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// Writer is the one response-writer wrapper that the server and every
// middleware share for a request: the first of them to see the request
// wraps the writer, the others find it with Wrap. It records the final
// status (the implicit 200 included), the body bytes and whether the
// connection was hijacked, applies the Cache-Control of middleware.Cached
// just before the header goes out, and copies a bounded prefix of the body
// for middleware.Logged.
//
// It keeps http.Flusher, http.Hijacker and io.ReaderFrom working whatever the
// underlying writer supports (an unsupported Hijack or Flush reports
// http.ErrNotSupported through http.ResponseController), and Unwrap lets
// http.ResponseController reach the deadline and full-duplex controls.
type Writer struct {
	http.ResponseWriter
	status       int
	Bytes        int64
	WroteHeader  bool
	Hijacked     bool
	CloseConn    bool     // set by CloseAfter and the server: "Connection: close" goes out with the header
	CacheControl string   // set by middleware.Cached: applied to 2xx/3xx responses without one
	Body         *Capture // set by middleware.Logged: bounded copy of the response body
}

var (
	_ http.Flusher  = (*Writer)(nil)
	_ http.Hijacker = (*Writer)(nil)
	_ io.ReaderFrom = (*Writer)(nil)
)

// Wrap returns the request's shared wrapper: w itself when it already is
// one, otherwise a new wrapper around w.
func Wrap(w http.ResponseWriter) *Writer {
	if rw, ok := w.(*Writer); ok {
		return rw
	}
	return &Writer{ResponseWriter: w}
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (rw *Writer) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// Status returns the status sent (or that net/http will send, 200, when the
// handler wrote nothing), or 0 for a hijacked connection.
func (rw *Writer) Status() int {
	switch {
	case rw.Hijacked:
		return 0
	case !rw.WroteHeader:
		return http.StatusOK
	}
	return rw.status
}

// Written reports whether anything has gone out: a final header, a body
// byte, a flush or a hijack.
func (rw *Writer) Written() bool { return rw.WroteHeader || rw.Hijacked }

// WriteHeader records a final status and passes it on. Informational 1xx
// headers other than 101 pass through without ending the header phase, as
// net/http allows.
func (rw *Writer) WriteHeader(code int) {
	if rw.WroteHeader || rw.Hijacked {
		rw.ResponseWriter.WriteHeader(code) // let net/http report the superfluous call
		return
	}
	final := code < 100 || code > 199 || code == http.StatusSwitchingProtocols
	if final {
		rw.BeforeHeader(code)
	}
	rw.ResponseWriter.WriteHeader(code)
	if final {
		rw.status, rw.WroteHeader = code, true
	}
}

// implicitHeader records the implicit 200 that net/http sends when the
// handler writes, flushes or copies a body without a WriteHeader call. It
// leaves the header to net/http so that Content-Type sniffing still works.
func (rw *Writer) implicitHeader() {
	if !rw.WroteHeader && !rw.Hijacked {
		rw.BeforeHeader(http.StatusOK)
		rw.status, rw.WroteHeader = http.StatusOK, true
	}
}

// BeforeHeader applies what must be in the header before a header with
// status code goes out; middleware.Cached calls it for the implicit 200.
func (rw *Writer) BeforeHeader(code int) {
	if rw.CloseConn {
		rw.Header()["Connection"] = []string{"close"}
	}
	if rw.CacheControl != "" && code < 400 {
		if h := rw.Header(); len(h["Cache-Control"]) == 0 {
			h["Cache-Control"] = []string{rw.CacheControl}
		}
	}
}

// Write counts and passes on the body.
func (rw *Writer) Write(p []byte) (int, error) {
	rw.implicitHeader()
	n, err := rw.ResponseWriter.Write(p)
	rw.Bytes += int64(n)
	if rw.Body != nil {
		rw.Body.Add(p[:n])
	}
	return n, err
}

// ReadFrom copies src to the response with the underlying writer's ReadFrom
// when it has one (net/http's uses sendfile), counting the bytes.
func (rw *Writer) ReadFrom(src io.Reader) (int64, error) {
	rw.implicitHeader()
	if rw.Body != nil {
		src = io.TeeReader(src, rw.Body)
	}
	var n int64
	var err error
	if rf, ok := rw.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(writerOnly{rw.ResponseWriter}, src)
	}
	rw.Bytes += n
	return n, err
}

// writerOnly hides every method but Write, so io.Copy cannot recurse into
// ReadFrom.
type writerOnly struct{ io.Writer }

// FlushError flushes the underlying writer, for http.ResponseController; it
// returns http.ErrNotSupported when nothing below can flush.
func (rw *Writer) FlushError() error {
	rw.implicitHeader()
	return http.NewResponseController(rw.ResponseWriter).Flush()
}

// Flush implements http.Flusher. A writer that cannot flush is left alone.
func (rw *Writer) Flush() { _ = rw.FlushError() }

// Hijack implements http.Hijacker through http.ResponseController, so it
// works whenever some writer below can hijack, and records the hijack.
func (rw *Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(rw.ResponseWriter).Hijack()
	if err == nil {
		rw.Hijacked = true
	}
	return c, brw, err
}
