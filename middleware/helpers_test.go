package middleware

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// testTime is the fixed time of every test log line.
var testTime = time.Date(2024, 3, 5, 7, 9, 11, 0, time.UTC)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a server.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testLogger returns a zerolog logger writing to a buffer, with a "time"
// field from a fixed clock added by a hook on this logger only: no zerolog
// package variable (TimestampFunc and the like) is touched.
func testLogger() (zerolog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	stamp := zerolog.HookFunc(func(e *zerolog.Event, _ zerolog.Level, _ string) {
		e.Str("time", testTime.Format(time.RFC3339))
	})
	return zerolog.New(buf).Hook(stamp), buf
}

// steppingClock returns a clock that starts at testTime and advances by
// step on every reading.
func steppingClock(step time.Duration) func() time.Time {
	var mu sync.Mutex
	t := testTime
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now := t
		t = t.Add(step)
		return now
	}
}

// serve runs h on a request and returns the recorder.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// text is a handler that writes status and body.
func text(status int, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

// noop is a handler that writes nothing.
var noop = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

// mustPanic runs f and returns the panic message, failing if f returns.
func mustPanic(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		p := recover()
		if p == nil {
			t.Fatalf("got no panic, want one")
		}
		msg, _ = p.(string)
	}()
	f()
	return ""
}

// wantPanicPrefix checks that f panics with a "middleware:" message
// containing want.
func wantPanicPrefix(t *testing.T, want string, f func()) {
	t.Helper()
	msg := mustPanic(t, f)
	if !strings.HasPrefix(msg, "middleware: ") || !strings.Contains(msg, want) {
		t.Errorf("got panic %q, want a middleware: message containing %q", msg, want)
	}
}

// zerologNop is a logger that discards everything.
func zerologNop() zerolog.Logger { return zerolog.Nop() }

// serveExpectingPanic serves r with h on the writer newW makes (a recorder
// when newW is nil) and checks whether h panicked as expected.
func serveExpectingPanic(t *testing.T, h http.Handler, newW func() http.ResponseWriter, r *http.Request, wantPanic bool) {
	t.Helper()
	var w http.ResponseWriter = httptest.NewRecorder()
	if newW != nil {
		w = newW()
	}
	defer func() {
		if p := recover(); (p != nil) != wantPanic {
			t.Errorf("panic got %v, want panic %v", p, wantPanic)
		}
	}()
	h.ServeHTTP(w, r)
}
