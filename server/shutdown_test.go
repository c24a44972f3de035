package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// shutdownAsync calls s.Shutdown(ctx) in a goroutine and returns its result.
func shutdownAsync(s *Server, ctx context.Context) <-chan error {
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(ctx) }()
	return done
}

// getAsync does a GET in a goroutine and returns its result.
type result struct {
	status int
	body   string
	err    error
}

func getAsync(t *testing.T, c *http.Client, url, requestID string) <-chan result {
	done := make(chan result, 1)
	go func() {
		status, body, err := get(t, c, url, requestID)
		done <- result{status, body, err}
	}()
	return done
}

// startBlocked starts a Server whose handler is a blocker, and a GET of
// path that waits in it.
func startBlocked(t *testing.T, opts Options, path, requestID string) (*Server, *logBuffer, string, *blocker, <-chan result) {
	t.Helper()
	b := newBlocker()
	s, logs, addr := startServer(t, b, opts)
	res := getAsync(t, newClient(t, nil), "http://"+addr+path, requestID)
	recv(t, "the request to enter its handler", b.entered)
	return s, logs, addr, b, res
}

// TestShutdownInFlightCompletes: a request in flight at shutdown completes
// with 200 while new dials are refused and Ready is false.
func TestShutdownInFlightCompletes(t *testing.T) {
	leakCheck(t)
	s, _, addr, b, res := startBlocked(t, Options{}, "/", "")
	stopped := shutdownAsync(s, context.Background())
	waitFor(t, "new dials to be refused", func() bool { return dialRefused(addr) })
	if s.Ready() {
		t.Error("Ready while draining: got true, want false")
	}
	select {
	case err := <-stopped:
		t.Fatalf("Shutdown returned %v with a request in flight", err)
	default:
	}
	close(b.release)
	if r := recv(t, "the response", res); r.err != nil || r.status != http.StatusOK || r.body != "released" {
		t.Errorf("in-flight request: got %d %q %v, want 200 released", r.status, r.body, r.err)
	}
	if err := recv(t, "Shutdown", stopped); err != nil {
		t.Errorf("Shutdown: got %v, want nil", err)
	}
}

// TestShutdownIdleConnections: idle keep-alive connections are closed at
// once and do not hold Shutdown for its grace period, which is too long for
// the test to wait.
func TestShutdownIdleConnections(t *testing.T) {
	leakCheck(t)
	s, _, addr := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), Options{GracePeriod: time.Hour})
	c := newClient(t, nil)
	for range 3 { // three idle keep-alive connections
		if _, _, err := get(t, c, "http://"+addr, ""); err != nil {
			t.Fatal(err)
		}
		c = newClient(t, nil)
	}
	waitFor(t, "three idle connections", func() bool {
		conns := s.Connections()
		for _, ci := range conns {
			if ci.State != http.StateIdle {
				return false
			}
		}
		return len(conns) == 3
	})
	if err := recv(t, "Shutdown", shutdownAsync(s, context.Background())); err != nil {
		t.Errorf("Shutdown: got %v, want nil", err)
	}
	if conns := s.Connections(); len(conns) != 0 {
		t.Errorf("got %d connections after Shutdown, want 0", len(conns))
	}
}

// TestShutdownGracePeriodExpires: requests still running at the end of the
// grace period are logged, canceled and cut off.
func TestShutdownGracePeriodExpires(t *testing.T) {
	leakCheck(t)
	s, logs, _, b, res := startBlocked(t, Options{GracePeriod: 50 * time.Millisecond}, "/slow/path?q=1", "straggler-1")

	err := recv(t, "Shutdown", shutdownAsync(s, context.Background()))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "1 requests still running") {
		t.Errorf("Shutdown: got %v, want an error wrapping context.DeadlineExceeded that counts 1 request", err)
	}
	if cause := recv(t, "the handler to see the cancellation", b.causes); cause != ErrShuttingDown {
		t.Errorf("handler's context cause: got %v, want ErrShuttingDown", cause)
	}
	// The handler answers its cancellation before the connection closes.
	if r := recv(t, "the response", res); r.err != nil || r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "shutting_down") {
		t.Errorf("straggler's client: got %d %q %v, want 503 shutting_down", r.status, r.body, r.err)
	}
	e := logs.find("request still running at shutdown: canceled")
	if e == nil {
		t.Fatal("no log line for the straggler")
	}
	for k, want := range map[string]any{"method": "GET", "path": "/slow/path", "request_id": "straggler-1", "status": "blocked"} {
		if e[k] != want {
			t.Errorf("straggler log %s: got %v, want %v", k, e[k], want)
		}
	}
	if _, ok := e["age"].(float64); !ok {
		t.Errorf("straggler log age: got %v, want a number", e["age"])
	}
}

// TestShutdownGracePeriodCutsAHandlerThatIgnoresItsContext: a straggler
// whose handler does not return when canceled has its connection closed.
func TestShutdownGracePeriodCutsAHandlerThatIgnoresItsContext(t *testing.T) {
	leakCheck(t)
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	s, _, addr := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release // deaf to its context
	}), Options{GracePeriod: 20 * time.Millisecond})
	res := make(chan error, 1)
	go func() { _, _, err := get(t, newClient(t, nil), "http://"+addr+"/", ""); res <- err }()
	recv(t, "the handler to run", entered)
	if err := recv(t, "Shutdown", shutdownAsync(s, context.Background())); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown: got %v, want context.DeadlineExceeded", err)
	}
	if err := recv(t, "the client", res); err == nil {
		t.Error("the client of a deaf handler got an answer, want the connection cut")
	}
}

// TestShutdownHijacked: hijacked connections are told through
// RegisterOnShutdown; Shutdown waits for them to close, and closes those
// still open at the end of the grace period.
func TestShutdownHijacked(t *testing.T) {
	tests := []struct {
		name      string
		closeOnIt bool // the RegisterOnShutdown function closes the connection
		grace     time.Duration
		wantErr   error
	}{
		// The grace period must outlast the test's own reaction to being
		// told, however loaded the machine: waitLimit, not a few ms.
		{name: "closed when told", closeOnIt: true, grace: waitLimit, wantErr: nil},
		{name: "closed at the deadline", closeOnIt: false, grace: 100 * time.Millisecond, wantErr: context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leakCheck(t)
			hijacked := make(chan net.Conn, 1)
			s, _, addr := startServer(t, hijacker(t, hijacked), Options{GracePeriod: tt.grace})
			told := make(chan struct{})
			s.RegisterOnShutdown(func() { close(told) })

			client := dialAndSend(t, addr, "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n")
			c := recv(t, "the hijack", hijacked)
			defer c.Close()
			waitFor(t, "the connection to be listed as hijacked", func() bool {
				conns := s.Connections()
				return len(conns) == 1 && conns[0].State == http.StateHijacked
			})
			stopped := shutdownAsync(s, context.Background())
			recv(t, "the RegisterOnShutdown function", told)
			if tt.closeOnIt {
				c.Close()
			}
			if err := recv(t, "Shutdown", stopped); !errors.Is(err, tt.wantErr) {
				t.Errorf("Shutdown: got %v, want %v", err, tt.wantErr)
			}
			if _, err := io.ReadAll(client); err != nil {
				t.Errorf("client read after Shutdown: got %v, want EOF", err)
			}
			if conns := s.Connections(); len(conns) != 0 {
				t.Errorf("got %d connections after Shutdown, want 0", len(conns))
			}
		})
	}
}

// dialAndSend dials addr, sends request, and returns the connection, which
// is closed when the test ends; reads on it time out after waitLimit.
func dialAndSend(t *testing.T, addr, request string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(waitLimit))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestShutdownTwice: Shutdown may be called again, concurrently or after,
// and Close ends a drain.
func TestShutdownTwice(t *testing.T) {
	leakCheck(t)
	s, _, addr, b, res := startBlocked(t, Options{}, "/", "")

	first := shutdownAsync(s, context.Background())
	waitFor(t, "the drain to begin", func() bool { return dialRefused(addr) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("second Shutdown with a done context: got %v, want context.Canceled", err)
	}
	second := shutdownAsync(s, context.Background())
	if err := s.Close(); err != nil {
		t.Errorf("Close: got %v, want nil", err)
	}
	for _, ch := range []<-chan error{first, second} {
		if err := recv(t, "Shutdown", ch); !errors.Is(err, ErrServerClosed) {
			t.Errorf("Shutdown cut short by Close: got %v, want ErrServerClosed", err)
		}
	}
	if cause := recv(t, "the handler to see the cancellation", b.causes); cause != ErrShuttingDown {
		t.Errorf("handler's context cause: got %v, want ErrShuttingDown", cause)
	}
	recv(t, "the response", res)
	if err := s.Shutdown(context.Background()); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Shutdown after the end: got %v, want ErrServerClosed", err)
	}
}

// TestShutdownDelay: during the delay the server is not ready but still
// serves new requests; a done context cuts the delay short.
func TestShutdownDelay(t *testing.T) {
	leakCheck(t)
	s, _, addr := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}), Options{ShutdownDelay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := shutdownAsync(s, ctx)
	waitFor(t, "readiness to turn false", func() bool { return !s.Ready() })
	// The delay has begun: a new connection is still served.
	status, body, err := get(t, newClient(t, nil), "http://"+addr, "")
	if err != nil || status != http.StatusOK || body != "ok" {
		t.Errorf("during the delay: got %d %q %v, want 200 ok", status, body, err)
	}
	cancel()
	if err := recv(t, "Shutdown", stopped); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown with a canceled context: got %v, want context.Canceled", err)
	}
}

// TestSlowloris: a client that sends its headers too slowly is cut off at
// ReadHeaderTimeout, which is the only short timeout here.
func TestSlowloris(t *testing.T) {
	leakCheck(t)
	s, _, addr := startServer(t, http.NotFoundHandler(), Options{
		ReadHeaderTimeout: 100 * time.Millisecond, ReadTimeout: time.Hour, WriteTimeout: time.Hour, IdleTimeout: time.Hour,
	})
	c := dialAndSend(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
	n, err := bufio.NewReader(c).Discard(1 << 20)
	if !errors.Is(err, io.EOF) {
		t.Errorf("slowloris connection after %d bytes: got %v, want EOF (closed by the server)", n, err)
	}
	waitFor(t, "the connection to leave the table", func() bool { return len(s.Connections()) == 0 })
}
