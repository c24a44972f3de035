package middleware

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// panicked carries a panic value and the stack where it happened across a
// goroutine boundary (Timeout serves the handler on its own goroutine), so
// that Recovered logs the original stack rather than the re-panic's.
type panicked struct {
	value any
	stack []byte
}

// Error makes a carried panic readable wherever it ends up.
func (p *panicked) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// Recovered returns middleware that turns a panic in the handlers it wraps
// into a 500 written with tonic.WriteError (so it carries the request ID),
// logs the panic value and stack at error level, and lets the server carry
// on.
//
// The line goes to the request's logger when Logged runs outside Recovered
// (zerolog.Ctx of the request's context), and otherwise to logger with the
// request ID added. A panic with http.ErrAbortHandler is passed on
// untouched, for net/http to abort the connection quietly. When the
// response had already started (a header, body bytes or a flush went out),
// a 500 can no longer be sent and appending an error body would corrupt
// the response, so Recovered logs the panic and aborts the connection with
// http.ErrAbortHandler, which the client sees as a truncated response.
func Recovered(logger zerolog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		mustHandler("Recovered", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			rw := respwriter.Wrap(w)
			defer func() {
				if p := recover(); p != nil {
					recoverPanic(logger, rw, r, p)
				}
			}()
			next.ServeHTTP(rw, r)
		})
	}
}

// recoverPanic handles a recovered panic value p.
func recoverPanic(logger zerolog.Logger, rw *respwriter.Writer, r *http.Request, p any) {
	if p == http.ErrAbortHandler {
		panic(p)
	}
	stack := debug.Stack()
	if c, ok := p.(*panicked); ok {
		p, stack = c.value, c.stack
		if p == http.ErrAbortHandler {
			panic(p)
		}
	}
	r, rec := tonic.WithRecord(r, reqid.For) // the error body carries the ID
	ctx, id := r.Context(), rec.ID()
	started := rw.Written()
	requestLogger(ctx, logger, id).Error().
		Str("panic", fmt.Sprint(p)).Bytes("stack", stack).Bool("response_started", started).
		Msg("panic serving " + r.Method + " " + r.URL.Path)
	if started {
		panic(http.ErrAbortHandler)
	}
	h := rw.Header()
	for _, k := range []string{"Content-Encoding", "Content-Range", "Content-Disposition", "Etag", "Last-Modified"} {
		delete(h, k)
	}
	if len(h[reqid.HeaderKey]) == 0 {
		h[reqid.HeaderKey] = []string{id}
	}
	// The public message is generic: the panic value stays in the log.
	tonic.WriteError(rw, r, http.StatusInternalServerError,
		tonic.NewError(http.StatusInternalServerError, "internal error"))
}

// requestLogger returns the logger Logged put in ctx, or fallback with the
// request ID added when there is none.
func requestLogger(ctx context.Context, fallback zerolog.Logger, id string) *zerolog.Logger {
	if l := zerolog.Ctx(ctx); l != zerolog.Ctx(context.Background()) {
		return l
	}
	l := fallback.With().Str(fieldRequestID, id).Logger()
	return &l
}
