package server

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"github.com/seed78c03fa0/tonic/tonic"
)

// waitLimit is how long a test waits for an event before it fails: long
// enough never to be reached on a loaded machine unless something is wrong.
const waitLimit = 20 * time.Second

// ignoreMeterArbiter ignores go-metrics' meter arbiter: go-metrics starts
// that single process-wide ticker goroutine the first time any meter
// (timers hold one) is made, and never stops it.
var ignoreMeterArbiter = goleak.IgnoreTopFunction("github.com/rcrowley/go-metrics.(*meterArbiter).tick")

// leakCheck fails t if goroutines it started are left when it ends. Call it
// first, so that its check runs after every other cleanup.
func leakCheck(t *testing.T) {
	t.Helper()
	t.Cleanup(func() { goleak.VerifyNone(t, ignoreMeterArbiter) })
}

// waitFor polls cond until it holds, and fails t if it does not within
// waitLimit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// recv returns the next value of ch, and fails t if none comes within
// waitLimit.
func recv[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitLimit):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// logBuffer collects JSON log lines from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// entries returns the log lines, decoded.
func (b *logBuffer) entries() []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// find returns the first line whose message is msg, or nil.
func (b *logBuffer) find(msg string) map[string]any {
	for _, e := range b.entries() {
		if e["message"] == msg {
			return e
		}
	}
	return nil
}

// waitLog waits for a line whose message is msg and returns it.
func (b *logBuffer) waitLog(t *testing.T, msg string) map[string]any {
	t.Helper()
	var e map[string]any
	waitFor(t, "log line "+msg, func() bool { e = b.find(msg); return e != nil })
	return e
}

func newLogger() (zerolog.Logger, *logBuffer) {
	b := &logBuffer{}
	return zerolog.New(b), b
}

// newTestServer returns a Server for h and its log.
func newTestServer(t testing.TB, h http.Handler, opts Options) (*Server, *logBuffer) {
	t.Helper()
	log, buf := newLogger()
	s, err := New(h, log, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s, buf
}

// startServer returns a Server for h, serving on a free port of 127.0.0.1
// until the test ends, its log, and its address.
func startServer(t *testing.T, h http.Handler, opts Options) (*Server, *logBuffer, string) {
	t.Helper()
	s, logs := newTestServer(t, h, opts)
	ln := listen(t)
	serveOn(t, s, ln)
	return s, logs, ln.Addr().String()
}

// hijacker returns a handler that hijacks the connection, sends it to
// conns and returns.
func hijacker(t *testing.T, conns chan<- net.Conn) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conns <- c
	})
}

// listen returns a listener on a free port of 127.0.0.1.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// serve serves lns with s until the test ends, and waits for Serve to
// return then. It returns once s is ready.
func serveOn(t *testing.T, s *Server, lns ...net.Listener) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.Serve(lns...) }()
	t.Cleanup(func() {
		s.Close()
		if err := recv(t, "Serve to return", done); !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve: got %v, want ErrServerClosed", err)
		}
	})
	waitFor(t, "the server to be ready", s.Ready)
}

// newClient returns a client with its own transport, whose connections are
// closed when the test ends. A nil tlsConfig means plain HTTP only.
func newClient(t *testing.T, tlsConfig *tls.Config) *http.Client {
	t.Helper()
	tr := &http.Transport{TLSClientConfig: tlsConfig, ForceAttemptHTTP2: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// testTLS returns a server TLS configuration with a test certificate and
// no ALPN protocols, and a client configuration that trusts it.
func testTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.StartTLS()
	defer ts.Close()
	server = &tls.Config{Certificates: ts.TLS.Certificates}
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	return server, &tls.Config{RootCAs: pool}
}

// get does a GET of url with an optional request ID and returns the
// status and body.
func get(t *testing.T, c *http.Client, url, requestID string) (int, string, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if requestID != "" {
		req.Header.Set(tonic.RequestIDHeader, requestID)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// blocker is a handler that signals when a request enters and waits for the
// test to release it or for the request's context to end.
type blocker struct {
	entered chan *http.Request
	release chan struct{}
	causes  chan error // the context cause, when the context ended first
}

func newBlocker() *blocker {
	return &blocker{entered: make(chan *http.Request, 16), release: make(chan struct{}), causes: make(chan error, 16)}
}

func (b *blocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tonic.SetRequestStatus(r.Context(), "blocked")
	b.entered <- r
	select {
	case <-b.release:
		io.WriteString(w, "released")
	case <-r.Context().Done():
		cause := context.Cause(r.Context())
		b.causes <- cause
		tonic.WriteError(w, r, 0, cause)
	}
}

// dialRefused reports whether a dial to addr is refused.
func dialRefused(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, waitLimit)
	if err != nil {
		return true
	}
	c.Close()
	return false
}
