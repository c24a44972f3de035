package tonic

import (
	"context"
	"errors"
	"net/http"
	"strconv"
)

// StatusClientClosedRequest is the status of a request whose client went
// away before the response was complete: 499, nginx's "client closed
// request". The logs and metrics of tonic's middleware and server show an
// abandoned request with it, apart from the server's errors; the client,
// being gone, seldom sees it.
const StatusClientClosedRequest = 499

// Abandoned reports whether the client of the request whose context is ctx
// went away: ctx is done with the cause context.Canceled, which is what
// net/http gives when the connection closes or the client resets an HTTP/2
// stream. A request that its server stopped (whose cause carries a status,
// such as server.ErrShuttingDown or server.ErrRequestCanceled) or whose
// deadline passed is not abandoned. Read it before the handler returns:
// net/http cancels every request's context once it has been served.
func Abandoned(ctx context.Context) bool {
	return ctx.Err() != nil && context.Cause(ctx) == context.Canceled
}

// ResolveError returns the status and the error that a response to r for
// err must have. It is ResolveStatus, except for an error that says r's
// context ended (context.Canceled or context.DeadlineExceeded, carrying no
// status of its own) while r's context has indeed ended: the context's
// cause replaces it when the cause carries a status (the 503 of
// server.ErrShuttingDown or server.ErrRequestCanceled), and a client that
// went away (see Abandoned) gets StatusClientClosedRequest with an *Error
// that wraps err. So a handler that returns ctx.Err() is never answered,
// logged or counted as a 500. An *http.MaxBytesError (a body read past
// http.MaxBytesReader's limit) is a 413. WriteError applies it.
func ResolveError(r *http.Request, status int, err error) (int, error) {
	if e, ok := err.(*Error); ok { // the common case: it carries its status, so neither check below applies
		return ResolveStatus(status, e), e
	}
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		if _, carries := StatusOf(err); !carries {
			return http.StatusRequestEntityTooLarge, WrapError(http.StatusRequestEntityTooLarge, err,
				"request body is larger than "+strconv.FormatInt(mbe.Limit, 10)+" bytes")
		}
	}
	if !isContextError(err) {
		return ResolveStatus(status, err), err
	}
	ctx := r.Context()
	if ctx.Err() == nil {
		return ResolveStatus(status, err), err
	}
	if cause := context.Cause(ctx); cause != nil {
		if s, ok := StatusOf(cause); ok {
			return ResolveStatus(s, cause), cause
		}
	}
	if Abandoned(ctx) {
		return StatusClientClosedRequest, &Error{Status: StatusClientClosedRequest,
			Code: "client_closed_request", Message: "the client closed the request", Err: err}
	}
	return ResolveStatus(status, err), err
}

// isContextError reports whether err says that a context ended, without
// carrying a status of its own.
func isContextError(err error) bool {
	if err == nil || !(errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return false
	}
	_, carries := StatusOf(err)
	return !carries
}
