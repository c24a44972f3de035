package client_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
)

// flaky fails its first failures requests of each test with status (0:
// by closing the connection), then answers 200.
type flaky struct {
	attempts   atomic.Int32
	failures   int32
	status     int
	retryAfter string
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.attempts.Add(1) > f.failures {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"name":"ok"}`))
		return
	}
	if f.status == 0 {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if f.retryAfter != "" {
		w.Header().Set("Retry-After", f.retryAfter)
	}
	tonic.WriteError(w, r, f.status, nil)
}

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		method     string
		retries    int
		failures   int32
		status     int
		retryAfter string
		attempts   int32
		err        int // the status of the error, -1 for a connection error, 0 for none
	}{
		{"off by default", "GET", 0, 1, 503, "", 1, 503},
		{"GET until it succeeds", "GET", 3, 2, 503, "", 3, 0},
		{"PUT, DELETE are idempotent", "PUT", 3, 1, 502, "", 2, 0},
		{"DELETE too", "DELETE", 1, 1, 504, "", 2, 0},
		{"429 with Retry-After", "GET", 1, 1, 429, "0", 2, 0},
		{"POST never", "POST", 3, 1, 503, "", 1, 503},
		{"PATCH never", "PATCH", 3, 1, 503, "", 1, 503},
		{"not a 500", "GET", 3, 1, 500, "", 1, 500},
		{"not a 404", "GET", 3, 1, 404, "", 1, 404},
		{"out of retries", "GET", 2, 5, 503, "", 3, 503},
		{"a closed connection", "GET", 2, 1, 0, "", 2, 0},
		{"a closed connection, out of retries", "GET", 1, 2, 0, "", 2, -1},
		{"a closed connection on a POST", "POST", 2, 1, 0, "", 1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &flaky{failures: tt.failures, status: tt.status, retryAfter: tt.retryAfter}
			c := newServer(t, f, client.Options{Retries: tt.retries, RetryBackoff: time.Millisecond})
			got, err := client.Call[itemInput](context.Background(), c, tt.method+" /x", nil)
			if n := f.attempts.Load(); n != tt.attempts {
				t.Errorf("attempts: got %d, want %d", n, tt.attempts)
			}
			var e *tonic.Error
			switch {
			case tt.err == 0 && (err != nil || got.Name != "ok"):
				t.Errorf("got %+v, %v, want the answer", got, err)
			case tt.err > 0 && (!errors.As(err, &e) || e.Status != tt.err):
				t.Errorf("got %v, want a %d error", err, tt.err)
			case tt.err < 0 && (err == nil || errors.As(err, &e)):
				t.Errorf("got %v, want a connection error", err)
			}
		})
	}
}

// TestRetryGivesUpBeforeTheDeadline returns the last answer at once when
// the wait before the next attempt would outlast the call's deadline.
func TestRetryGivesUpBeforeTheDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		opts       client.Options
		retryAfter string
	}{
		{"backoff", client.Options{Retries: 5, RetryBackoff: time.Hour, MaxRetryBackoff: 2 * time.Hour, Timeout: time.Minute}, ""},
		{"Retry-After", client.Options{Retries: 5, MaxRetryBackoff: 2 * time.Hour, Timeout: time.Minute}, strconv.Itoa(3600)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &flaky{failures: 10, status: 503, retryAfter: tt.retryAfter}
			c := newServer(t, f, tt.opts)
			_, err := client.Call[itemInput](context.Background(), c, "GET /x", nil)
			var e *tonic.Error
			if !errors.As(err, &e) || e.Status != 503 || f.attempts.Load() != 1 {
				t.Errorf("got %v after %d attempts, want the 503 after one", err, f.attempts.Load())
			}
		})
	}
}
