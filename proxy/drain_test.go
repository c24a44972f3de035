package proxy

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/server"
)

// syncBuffer is a bytes.Buffer for a logger used from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// serveTonic serves h with a tonic.Server on a loopback port and returns
// the server, its URL and its log.
func serveTonic(t *testing.T, h http.Handler, opts server.Options) (*server.Server, string, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	log := zerolog.New(logs)
	srv, err := server.New(h, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-served; !errors.Is(err, server.ErrServerClosed) {
			t.Errorf("Serve: %v, want ErrServerClosed", err)
		}
	})
	return srv, "http://" + ln.Addr().String(), logs
}

// dialRefused reports whether a dial to the address of url is refused.
func dialRefused(url string) bool {
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), waitLimit)
	if err != nil {
		return true
	}
	c.Close()
	return false
}

func TestDrainWaitsForProxiedRequest(t *testing.T) {
	slow := newBlocker()
	t.Cleanup(slow.open)
	be := startBackend(t, "a", slow)
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	srv, url, _ := serveTonic(t, p, server.Options{GracePeriod: waitLimit})
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()

	replies := make(chan reply, 1)
	go func() { replies <- getURL(t, client, url+"/slow") }()
	recv(t, "the proxied request at the backend", slow.entered)
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Status != "proxying to "+be.url {
		t.Fatalf("in-flight table %+v, want the request proxying to %s", reqs, be.url)
	}

	stopped := make(chan error, 1)
	go func() { stopped <- srv.Shutdown(context.Background()) }()
	waitFor(t, "the listener to close", func() bool { return dialRefused(url) })
	select {
	case err := <-stopped:
		t.Fatalf("Shutdown returned %v with a proxied request in flight", err)
	default:
	}
	if reqs := srv.Requests(); len(reqs) != 1 {
		t.Fatalf("in-flight table during the drain: %+v, want the proxied request", reqs)
	}
	slow.open()
	if r := recv(t, "the proxied reply", replies); r.err != nil || r.status != http.StatusOK || r.body != "released" {
		t.Errorf("proxied request during the drain: got %d %q %v, want 200 released", r.status, r.body, r.err)
	}
	if err := recv(t, "Shutdown", stopped); err != nil {
		t.Errorf("Shutdown: %v, want nil", err)
	}
}

func TestDrainReportNamesStreams(t *testing.T) {
	be := startBackend(t, "a", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: tick\n\n")
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	}))
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	srv, url, logs := serveTonic(t, p, server.Options{GracePeriod: 50 * time.Millisecond})
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	res, err := client.Get(url + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if got := readEvent(t, bufio.NewReader(res.Body)); got != "data: tick" {
		t.Fatalf("event %q, want data: tick", got)
	}
	want := "streaming from " + be.url
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Status != want {
		t.Fatalf("in-flight table %+v, want the stream named %q", reqs, want)
	}
	err = srv.Shutdown(context.Background())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown: %v, want the grace period exceeded", err)
	}
	if log := logs.String(); !contains(log, `"message":"request still running at shutdown: canceled"`, `"status":"`+want+`"`) {
		t.Errorf("shutdown log does not name the stream %q:\n%s", want, log)
	}
	if _, err := io.ReadAll(res.Body); err == nil {
		t.Error("the stream ended cleanly; want it cut off at the end of the grace period")
	}
	waitFor(t, "the stream's end at the backend", func() bool { return p.Backends()[0].InFlight == 0 })
}
