package server

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestDefaultLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files int
		want  int
	}{
		{"unknown", 0, 65536},
		{"a tenth left, at least 64", 256, 192},
		{"systemd's soft default", 1024, 922},
		{"a large limit", 100000, 90000},
		{"a tiny limit still serves", 10, 1},
	}
	for _, tt := range tests {
		if got := defaultMaxConnections(tt.files); got != tt.want {
			t.Errorf("%s: defaultMaxConnections(%d): got %d, want %d", tt.name, tt.files, got, tt.want)
		}
	}
	if got := defaultMaxInFlight(3); got != 3 {
		t.Errorf("defaultMaxInFlight(3): got %d, want at most MaxConnections", got)
	}
}

// rawConn is a client connection that sends requests one at a time.
type rawConn struct {
	c  net.Conn
	br *bufio.Reader
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(waitLimit))
	return &rawConn{c: c, br: bufio.NewReader(c)}
}

// get sends GET path and reads the response; resp is nil when the server
// closed the connection instead.
func (rc *rawConn) get(t *testing.T, path string) (resp *http.Response, body string) {
	t.Helper()
	if _, err := io.WriteString(rc.c, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		return nil, ""
	}
	return rc.read(t)
}

// read reads one response, or nil when the connection ends first.
func (rc *rawConn) read(t *testing.T) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(rc.br, nil)
	if err != nil {
		return nil, ""
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// wantShed checks a 503 "overloaded" answer with Retry-After.
func wantShed(t *testing.T, resp *http.Response, body string, closes bool) {
	t.Helper()
	var e struct{ Error string }
	_ = json.Unmarshal([]byte(body), &e)
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable || e.Error != "overloaded" ||
		resp.Header.Get("Retry-After") != "2" || resp.Close != closes {
		t.Fatalf("got %v %s, want 503 overloaded with Retry-After: 2, closing the connection: %v", resp, body, closes)
	}
}

// TestShedInFlight fills MaxInFlight with blocked requests: the next
// request is answered 503 at once on a connection that stays open, and
// once a request ends, requests are served again.
func TestShedInFlight(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	s, logs, addr := startServer(t, b, Options{MaxInFlight: 2, RetryAfter: 1500 * time.Millisecond})
	var blocked []*rawConn
	for range 2 {
		rc := dialRaw(t, addr)
		io.WriteString(rc.c, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
		recv(t, "a request to block", b.entered)
		blocked = append(blocked, rc)
	}
	rc := dialRaw(t, addr)
	resp, body := rc.get(t, "/third")
	wantShed(t, resp, body, false)
	if st := s.Stats(); st.Shed != 1 || st.InFlight != 2 {
		t.Errorf("Stats: got %+v, want 1 shed, 2 in flight", st)
	}
	if logs.waitLog(t, "shedding load: answering 503 at once")["reason"] != "requests in flight" {
		t.Error("the warning does not say why")
	}
	close(b.release)
	for _, bc := range blocked {
		if resp, body := bc.read(t); resp == nil || body != "released" {
			t.Fatalf("a blocked request: got %v %q, want released", resp, body)
		}
	}
	if resp, body := rc.get(t, "/again"); resp == nil || body != "released" { // the same connection
		t.Fatalf("after the load: got %v %q, want it served", resp, body)
	}
}

// TestShedConnections opens MaxConnections connections: the next one's
// request is answered 503 and the connection closed, one that sends
// nothing is closed when its short read deadline passes, and once too many
// wait for their 503 a new one is closed at once. When a connection
// closes, a new one is served again.
func TestShedConnections(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	close(b.release)
	s, _ := newTestServer(t, b, Options{MaxConnections: 2, RetryAfter: 2 * time.Second})
	s.conns.shedTimeout = waitLimit // the silent connections below wait for the test
	ln := listen(t)
	serveOn(t, s, ln)
	addr := ln.Addr().String()
	first, second := dialRaw(t, addr), dialRaw(t, addr)
	for _, rc := range []*rawConn{first, second} {
		if resp, _ := rc.get(t, "/"); resp == nil || resp.StatusCode != 200 {
			t.Fatalf("an admitted connection: got %v, want 200", resp)
		}
	}
	over := dialRaw(t, addr)
	resp, body := over.get(t, "/")
	wantShed(t, resp, body, true)
	if resp, _ := over.read(t); resp != nil {
		t.Fatal("the shed connection stayed open")
	}
	waitFor(t, "the shed connection to close", func() bool { return s.Stats().Connections == 2 })

	var silent []*rawConn
	for i := range maxShedding(2) {
		silent = append(silent, dialRaw(t, addr))
		waitFor(t, "a silent connection to be shed", func() bool { return s.Stats().Shed == uint64(2+i) })
	}
	dropped := dialRaw(t, addr)
	if resp, _ := dropped.get(t, "/"); resp != nil {
		t.Fatalf("a connection beyond the shedding ones: got %v, want it closed unanswered", resp)
	}
	if got := s.Stats().Shed; got != uint64(2+maxShedding(2)) {
		t.Errorf("Stats.Shed: got %d, want every refused connection counted once", got)
	}
	for _, rc := range silent {
		rc.c.Close()
	}
	first.c.Close()
	waitFor(t, "connections to close", func() bool { return s.Stats().Connections == 1 })
	if resp, _ := dialRaw(t, addr).get(t, "/"); resp == nil || resp.StatusCode != 200 {
		t.Fatalf("after a connection closed: got %v, want 200", resp)
	}
}

// TestShedConnectionThatSendsNothing: a connection over the limit that
// never sends its request is closed once its short read deadline passes,
// even though ReadHeaderTimeout is long.
func TestShedConnectionThatSendsNothing(t *testing.T) {
	leakCheck(t)
	s, _ := newTestServer(t, http.NotFoundHandler(), Options{MaxConnections: 1, ReadHeaderTimeout: time.Hour})
	s.conns.shedTimeout = 50 * time.Millisecond
	ln := listen(t)
	serveOn(t, s, ln)
	dialRaw(t, ln.Addr().String()) // admitted, silent
	waitFor(t, "the first connection", func() bool { return s.Stats().Connections == 1 })
	silent := dialRaw(t, ln.Addr().String())
	if n, err := silent.br.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Fatalf("read: got %d bytes, %v; want the server to close", n, err)
	}
}
