package server

import (
	"errors"
	"net/http"
)

// ErrServerClosed is returned by Server.Serve once Shutdown or Close has been
// called, and by Shutdown when Close cut its drain short.
var ErrServerClosed = errors.New("server: server closed")

// ErrForcedStop is returned by Run when a second SIGTERM or SIGINT arrived
// during the drain, and Run closed everything at once.
var ErrForcedStop = errors.New("server: stopped at once by a second signal")

// StopError is the cause (context.Cause) with which a Server cancels the
// context of a request it stops. It carries status 503 and a public message,
// so a handler that passes it to tonic.WriteError gives the client a clear
// answer. Its values are constants: nothing can redefine them.
type StopError int

const (
	// ErrShuttingDown stops a request still running when the grace period
	// of Shutdown ends, or when Close is called.
	ErrShuttingDown StopError = iota + 1
	// ErrRequestCanceled stops a request that Server.CancelRequest
	// canceled (DELETE /debug/requests/{id} on the admin listener).
	ErrRequestCanceled
)

// Error returns the public message.
func (e StopError) Error() string {
	if e == ErrRequestCanceled {
		return "the request was canceled by an operator"
	}
	return "the server is shutting down"
}

// StatusCode returns 503, for tonic's error model.
func (e StopError) StatusCode() int { return http.StatusServiceUnavailable }

// Name returns the machine-readable name that error bodies carry:
// "shutting_down" or "request_canceled".
func (e StopError) Name() string {
	if e == ErrRequestCanceled {
		return "request_canceled"
	}
	return "shutting_down"
}
