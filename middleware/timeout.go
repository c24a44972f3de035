package middleware

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Timeout returns middleware that gives each request d to complete. The
// handler runs on its own goroutine with a context that is cancelled at d.
// If the handler has not finished by then, Timeout answers at d, even when
// the handler ignores its context: a 503 written by tonic.WriteError with
// the error name "timeout". So does a handler that returns after d without
// having written anything (typically on seeing its context cancelled). From
// then on the handler's writes fail with http.ErrHandlerTimeout, and what
// it had written is discarded; nothing it does can reach the client any
// more.
//
// Until the handler returns, its response is buffered (so the 503 can
// replace it), as with net/http's TimeoutHandler; large bodies are best
// flushed. Flush (http.Flusher or http.ResponseController) sends the
// buffered header and body and starts streaming: later writes go straight
// to the client, so a 503 can no longer replace the response. If such a
// streaming handler is still running at d, its context is cancelled, its
// later writes fail with http.ErrHandlerTimeout and Timeout aborts the
// connection (panicking with http.ErrAbortHandler, which net/http handles
// quietly), so the client sees a truncated response rather than one that
// looks complete. Informational 1xx headers are dropped. io.ReaderFrom
// works, through the buffer, and so does Hijack: the connection is the
// handler's from then on, and Timeout answers nothing at d (the request's
// context still ends at d; a handler that keeps the connection longer
// detaches with context.WithoutCancel).
//
// When the request's own context ends first (the client went away, or the
// server stopped the request), Timeout answers the same way at once, but
// with that context's error as tonic.WriteError resolves it: 499 for a
// client that left, the server's 503 with its reason otherwise.
//
// A panic in the handler before d is carried back to the goroutine that
// called Timeout and re-panicked there, with its original stack attached for
// Recovered. A panic after d cannot reach anyone: it is logged to the
// request's logger when Logged runs outside, and dropped otherwise.
//
// The matched route reaches the middleware outside through the request's
// tonic.Record, as it always does, whether the handler finished in time or
// not.
//
// It panics if d is not positive.
func Timeout(d time.Duration) Middleware {
	if d <= 0 {
		panic(fmt.Sprintf("middleware: Timeout(%v): duration must be positive", d))
	}
	msg := fmt.Sprintf("the request took longer than %v", d)
	return func(next http.Handler) http.Handler {
		mustHandler("Timeout", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			serveTimeout(next, d, msg, w, r)
		})
	}
}

// serveTimeout serves one request under a timeout.
func serveTimeout(next http.Handler, d time.Duration, msg string, w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), d)
	defer cancel()
	r2 := r.WithContext(ctx)
	tw := &timeoutWriter{w: w, h: w.Header().Clone()}
	finished := make(chan struct{})
	go tw.run(next, r2, finished)
	select {
	case <-finished:
	case <-ctx.Done():
	}
	tw.mu.Lock()
	tw.closed = true
	switch {
	case tw.hijacked: // the connection is the handler's: nothing to answer
		tw.mu.Unlock()
		return
	case tw.handlerPanic != nil:
		tw.mu.Unlock()
		panic(tw.handlerPanic)
	case tw.handlerDone && (tw.wroteHeader || ctx.Err() == nil):
		tw.commit()
		tw.mu.Unlock()
		return
	case tw.committed:
		tw.mu.Unlock()
		panic(http.ErrAbortHandler)
	}
	defer tw.mu.Unlock()
	if err := r.Context().Err(); err != nil { // ended outside: the client left, or the server stopped it
		tonic.WriteError(w, r, 0, err)
		return
	}
	tonic.WriteError(w, r, http.StatusServiceUnavailable,
		&tonic.Error{Status: http.StatusServiceUnavailable, Code: "timeout", Message: msg})
}

// timeoutWriter buffers a handler's response for Timeout. Its mutex orders
// the handler goroutine's writes against Timeout's decision: once closed is
// set, the handler cannot touch the real writer again.
type timeoutWriter struct {
	w            http.ResponseWriter
	h            http.Header // the handler's header, copied to w on commit
	mu           sync.Mutex
	buf          []byte
	code         int
	wroteHeader  bool
	committed    bool // header and buffer have gone to w: streaming
	hijacked     bool // the handler took the connection
	closed       bool // Timeout is done with w
	handlerDone  bool // the handler returned before closed
	handlerPanic any  // the handler panicked before closed
}

// run serves the request on the handler goroutine and reports how it ended.
func (tw *timeoutWriter) run(next http.Handler, r *http.Request, finished chan<- struct{}) {
	defer func() {
		p := recover()
		if p != nil && p != http.ErrAbortHandler {
			p = &panicked{value: p, stack: debug.Stack()}
		}
		tw.mu.Lock()
		late := tw.closed
		switch {
		case late:
		case p != nil:
			tw.handlerPanic = p
		default:
			tw.handlerDone = true
		}
		tw.mu.Unlock()
		close(finished)
		if late && p != nil {
			logLatePanic(r, p)
		}
	}()
	next.ServeHTTP(tw, r)
}

// logLatePanic logs a panic that happened after the timeout to the
// request's logger, if Logged gave it one.
func logLatePanic(r *http.Request, p any) {
	l := zerolog.Ctx(r.Context())
	if l == zerolog.Ctx(context.Background()) {
		return
	}
	e := l.Error()
	if c, ok := p.(*panicked); ok {
		e = e.Str("panic", fmt.Sprint(c.value)).Bytes("stack", c.stack)
	} else {
		e = e.Str("panic", fmt.Sprint(p))
	}
	e.Msg("panic after timeout serving " + r.Method + " " + r.URL.Path)
}

// Header returns the handler's header map. Changes after the response has
// been committed or abandoned are ignored, as net/http ignores changes
// after WriteHeader.
func (tw *timeoutWriter) Header() http.Header { return tw.h }

// WriteHeader records the status; 1xx headers are dropped. Like net/http it
// panics on a code outside 100-999.
func (tw *timeoutWriter) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	tw.mu.Lock()
	defer tw.mu.Unlock()
	tw.writeHeader(code)
}

// writeHeader records a final status once; tw.mu is held.
func (tw *timeoutWriter) writeHeader(code int) {
	if tw.closed || tw.wroteHeader || (code < 200 && code != http.StatusSwitchingProtocols) {
		return
	}
	tw.code, tw.wroteHeader = code, true
}

// Write buffers p, or sends it once streaming. It fails with
// http.ErrHandlerTimeout after the timeout.
func (tw *timeoutWriter) Write(p []byte) (int, error) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.closed {
		return 0, http.ErrHandlerTimeout
	}
	tw.writeHeader(http.StatusOK)
	if tw.committed {
		return tw.w.Write(p)
	}
	tw.buf = append(tw.buf, p...)
	return len(p), nil
}

// ReadFrom copies src into the response as successive Writes, buffered
// until a Flush and streamed after, so that the deadline can still cut the
// copy; it fails with http.ErrHandlerTimeout after the timeout. (A sendfile
// that Timeout could not interrupt is not used.)
func (tw *timeoutWriter) ReadFrom(src io.Reader) (int64, error) {
	return io.Copy(writerOnly{tw}, src)
}

// writerOnly hides every method but Write, so that io.Copy does not call
// ReadFrom again.
type writerOnly struct{ io.Writer }

// Hijack hands the connection to the handler, as net/http does, sending
// first what it had buffered if it wrote a header. From then on Timeout
// writes nothing, at the deadline or after; the request's context still
// ends at the deadline, so a handler that keeps the connection longer
// detaches with context.WithoutCancel. It fails with http.ErrHandlerTimeout
// after the timeout.
func (tw *timeoutWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.closed {
		return nil, nil, http.ErrHandlerTimeout
	}
	if tw.wroteHeader {
		tw.commit()
	}
	c, brw, err := http.NewResponseController(tw.w).Hijack()
	if err == nil {
		tw.hijacked = true
	}
	return c, brw, err
}

// FlushError sends the buffered response and starts streaming, for
// http.ResponseController. It fails with http.ErrHandlerTimeout after the
// timeout.
func (tw *timeoutWriter) FlushError() error {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.closed {
		return http.ErrHandlerTimeout
	}
	tw.writeHeader(http.StatusOK)
	tw.commit()
	return http.NewResponseController(tw.w).Flush()
}

// Flush implements http.Flusher.
func (tw *timeoutWriter) Flush() { _ = tw.FlushError() }

// SetReadDeadline passes the deadline on, for http.ResponseController.
func (tw *timeoutWriter) SetReadDeadline(t time.Time) error {
	return tw.control(func(rc *http.ResponseController) error { return rc.SetReadDeadline(t) })
}

// SetWriteDeadline passes the deadline on, for http.ResponseController.
func (tw *timeoutWriter) SetWriteDeadline(t time.Time) error {
	return tw.control(func(rc *http.ResponseController) error { return rc.SetWriteDeadline(t) })
}

// control calls f on the real writer's controller unless Timeout is done.
func (tw *timeoutWriter) control(f func(*http.ResponseController) error) error {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.closed {
		return http.ErrHandlerTimeout
	}
	return f(http.NewResponseController(tw.w))
}

// commit copies the handler's header to the real writer and sends the
// status and buffered body; tw.mu is held. A handler that wrote nothing
// leaves the implicit 200 to net/http.
func (tw *timeoutWriter) commit() {
	if tw.committed {
		return
	}
	tw.committed = true
	dst := tw.w.Header()
	for k := range dst {
		if _, ok := tw.h[k]; !ok {
			delete(dst, k)
		}
	}
	for k, vv := range tw.h {
		dst[k] = vv
	}
	if !tw.wroteHeader {
		return
	}
	tw.w.WriteHeader(tw.code)
	if len(tw.buf) > 0 {
		_, _ = tw.w.Write(tw.buf)
	}
	tw.buf = nil
}
