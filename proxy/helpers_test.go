package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// waitLimit is how long a test waits for an event before it fails: long
// enough never to be reached on a loaded machine unless something is wrong.
const waitLimit = 20 * time.Second

// waitFor polls cond until it holds, and fails t if it does not within
// waitLimit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
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

// testBackend is a real HTTP server on 127.0.0.1 that counts the
// connections it accepts and can be killed.
type testBackend struct {
	name  string
	url   string
	addr  string
	srv   *http.Server
	conns atomic.Int64 // accepted connections
	done  chan struct{}
}

// startBackend serves h on a new loopback port as the backend called name;
// every response carries X-Backend: name.
func startBackend(t *testing.T, name string, h http.Handler) *testBackend {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveBackend(t, name, ln, h)
}

// serveBackend serves h on ln as the backend called name.
func serveBackend(t *testing.T, name string, ln net.Listener, h http.Handler) *testBackend {
	t.Helper()
	b := &testBackend{name: name, addr: ln.Addr().String(), url: "http://" + ln.Addr().String(), done: make(chan struct{})}
	b.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Backend", name)
			h.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: waitLimit,
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				b.conns.Add(1)
			}
		},
	}
	go func() {
		defer close(b.done)
		b.srv.Serve(ln)
	}()
	t.Cleanup(b.kill)
	return b
}

// kill closes the backend's listener and every connection, in-flight
// requests included, as a crashed process would, and waits for Serve.
func (b *testBackend) kill() {
	b.srv.Close()
	<-b.done
}

// ok is a handler that answers 200 "ok".
var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })

// newTestProxy returns a Proxy to urls, closed when the test ends, and its
// registry.
func newTestProxy(t *testing.T, urls []string, o Options) (*Proxy, metrics.Registry) {
	t.Helper()
	reg := metrics.NewRegistry()
	p, err := New(urls, reg, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p, reg
}

// front serves h on a loopback httptest server, closed when the test ends,
// and returns its URL and a client whose idle connections are closed then.
func front(t *testing.T, h http.Handler) (string, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	t.Cleanup(func() {
		client.CloseIdleConnections()
		srv.Close()
	})
	return srv.URL, client
}

// reply is what a test reads of a response.
type reply struct {
	status  int
	header  http.Header
	body    string
	backend string
	err     error
}

// do sends req with client and reads the whole response.
func do(client *http.Client, req *http.Request) reply {
	res, err := client.Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return reply{status: res.StatusCode, header: res.Header, body: string(body), backend: res.Header.Get("X-Backend"), err: err}
}

// get GETs url with client.
func getURL(t *testing.T, client *http.Client, url string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(client, req)
}

// errorBody is a tonic JSON error body.
type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"description"`
	RequestID   string `json:"request_id"`
}

// decodeError decodes a tonic JSON error body, failing t if it is not one.
func decodeError(t *testing.T, r reply) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal([]byte(r.body), &e); err != nil || e.Error == "" {
		t.Fatalf("body %q is not a tonic JSON error: %v", r.body, err)
	}
	return e
}

// blocker is a handler that signals when a request enters and waits for the
// test to release it or for the request's context to end.
type blocker struct {
	entered chan *http.Request
	release chan struct{}
	once    sync.Once
}

func newBlocker() *blocker {
	return &blocker{entered: make(chan *http.Request, 64), release: make(chan struct{})}
}

func (b *blocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.entered <- r
	select {
	case <-b.release:
		io.WriteString(w, "released")
	case <-r.Context().Done():
	}
}

// open lets every waiting and future request through.
func (b *blocker) open() { b.once.Do(func() { close(b.release) }) }

// isTimeout reports whether err is a client-side timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// contains reports whether s contains each of subs.
func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// metricsRegistry returns a new go-metrics registry.
func metricsRegistry() metrics.Registry { return metrics.NewRegistry() }
