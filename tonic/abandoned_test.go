package tonic

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// stopCause stands for a server's cause, such as server.ErrShuttingDown: an
// error with a status of its own.
type stopCause struct{}

func (stopCause) Error() string   { return "the server is shutting down" }
func (stopCause) StatusCode() int { return 503 }
func (stopCause) Name() string    { return "shutting_down" }

func TestResolveError(t *testing.T) {
	t.Parallel()
	live := context.Background()
	gone, cancelGone := context.WithCancel(context.Background())
	cancelGone()
	stopped, stop := context.WithCancelCause(context.Background())
	stop(stopCause{})
	expired, cancelExpired := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancelExpired()
	tests := []struct {
		name      string
		ctx       context.Context
		status    int
		err       error
		want      int
		wantName  string
		abandoned bool
	}{
		{"a plain error", live, 0, errors.New("x"), 500, "internal_server_error", false},
		{"ctx.Err() while the request lives", live, 0, context.Canceled, 500, "internal_server_error", false},
		{"client gone", gone, 0, context.Canceled, 499, "client_closed_request", true},
		{"client gone, wrapped", gone, 500, fmt.Errorf("querying: %w", context.Canceled), 499, "client_closed_request", true},
		{"client gone, a plain error", gone, 0, errors.New("x"), 500, "internal_server_error", true},
		{"client gone, an error with its status", gone, 0, NewError(404, "no stuff"), 404, "not_found", true},
		{"server stopped it", stopped, 0, context.Canceled, 503, "shutting_down", false},
		{"deadline", expired, 0, context.DeadlineExceeded, 500, "internal_server_error", false},
		{"no error", gone, 204, nil, 204, "no_content", true},
		{"a body over http.MaxBytesReader's limit", live, 0, fmt.Errorf("reading: %w", &http.MaxBytesError{Limit: 16}), 413, "request_entity_too_large", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil).WithContext(tt.ctx)
			status, err := ResolveError(r, tt.status, tt.err)
			name, _ := Describe(status, err)
			if status != tt.want || name != tt.wantName {
				t.Errorf("got %d %s, want %d %s", status, name, tt.want, tt.wantName)
			}
			if tt.err != nil && status == StatusClientClosedRequest && !errors.Is(err, tt.err) {
				t.Errorf("the 499 error does not wrap %v", tt.err)
			}
			if got := Abandoned(tt.ctx); got != tt.abandoned {
				t.Errorf("Abandoned: got %v, want %v", got, tt.abandoned)
			}
		})
	}
}

// TestWriteErrorOfContextError writes ctx.Err() for a request whose client
// went away, and for one its server stopped.
func TestWriteErrorOfContextError(t *testing.T) {
	t.Parallel()
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	w := httptest.NewRecorder()
	WriteError(w, httptest.NewRequest("GET", "/", nil).WithContext(gone), 0, gone.Err())
	if w.Code != 499 || w.Body.String() != `{"error":"client_closed_request","description":"the client closed the request"}`+"\n" {
		t.Errorf("client gone: got %d %s", w.Code, w.Body)
	}
	stopped, stop := context.WithCancelCause(context.Background())
	stop(stopCause{})
	w = httptest.NewRecorder()
	WriteError(w, httptest.NewRequest("GET", "/", nil).WithContext(stopped), 0, stopped.Err())
	if w.Code != 503 || w.Body.String() != `{"error":"shutting_down","description":"the server is shutting down"}`+"\n" {
		t.Errorf("server stopped: got %d %s", w.Code, w.Body)
	}
}
