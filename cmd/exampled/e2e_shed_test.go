//go:build linux

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// shedFileLimit is the limit on open files exampled runs with below: the
// API's default MaxConnections is then 192.
const shedFileLimit = 256

// flooder holds connections to the API that each wait in a slow request,
// and what each got.
type flooder struct {
	mu       sync.Mutex
	conns    []net.Conn
	shed     int      // answered 503 overloaded
	closed   int      // closed without an answer
	other    []string // anything else
	finished sync.WaitGroup
}

// open dials n connections that each send a slow GET, and reads their
// answers in the background.
func (f *flooder) open(t *testing.T, addr string, n int) {
	for i := range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
		_ = c.SetDeadline(time.Now().Add(waitLimit))
		f.mu.Lock()
		f.conns = append(f.conns, c)
		f.mu.Unlock()
		f.finished.Add(1)
		go f.read(c)
		fmt.Fprintf(c, "GET /1.0/sleep/60000 HTTP/1.1\r\nHost: x\r\nX-Request-ID: flood-%d\r\n\r\n", i)
	}
}

// read records what c got.
func (f *flooder) read(c net.Conn) {
	defer f.finished.Done()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	var body []byte
	if err == nil {
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case err != nil:
		f.closed++
	case resp.StatusCode == 503 && strings.Contains(string(body), `"error":"overloaded"`) && resp.Header.Get("Retry-After") == "1":
		f.shed++
	default:
		f.other = append(f.other, fmt.Sprintf("%d %s", resp.StatusCode, body))
	}
}

// answered returns how many connections got an answer or were closed.
func (f *flooder) answered() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shed + f.closed + len(f.other)
}

// close closes every connection and waits for their readers.
func (f *flooder) close() {
	f.mu.Lock()
	for _, c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.finished.Wait()
}

// loadOf reads the API's Tonic-Load values from the admin server.
func loadOf(t *testing.T, c *http.Client, adminURL string) map[string]int {
	t.Helper()
	r := mustSend(t, c, request{method: "GET", url: adminURL + "/debug/requests"})
	if r.code != 200 {
		t.Fatalf("GET /debug/requests: got %d, want 200", r.code)
	}
	out := map[string]int{}
	for _, v := range r.header.Values("Tonic-Load") {
		if !strings.HasPrefix(v, "api;") {
			continue
		}
		for _, kv := range strings.Split(v, "; ")[1:] {
			k, n, _ := strings.Cut(kv, "=")
			out[k], _ = strconv.Atoi(n)
		}
	}
	return out
}

// TestE2EShedsLoadAndKeepsAdmin runs exampled with 256 open files and
// holds more slow requests open than it may serve: the API answers the
// excess 503 with Retry-After at once (or closes the connections beyond
// those), the requests admitted still write the store, and the admin server
// keeps answering and shows the shedding on /debug/requests and /metrics.
// Without the limits, the flood took every file descriptor: the admin
// listener stopped answering and every store write failed with 500.
func TestE2EShedsLoadAndKeepsAdmin(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "stuff.json")
	p := startProcessWithFileLimit(t, shedFileLimit, []string{"EXAMPLED_AUTH=u:p"},
		"-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-data", data)
	s := p.waitStartup(p.pid())
	c := newClient(t, nil)
	auth := credentials{user: "u", password: "p"}
	mustSend(t, c, request{method: "GET", url: s["api"] + "/1.0/stuff"}) // a kept-alive API connection, before the flood
	apiAddr := strings.TrimPrefix(s["api"], "http://")

	maxConns := loadOf(t, c, s["admin"])["max_connections"]
	if maxConns != 192 {
		t.Fatalf("max_connections: got %d, want 192 (256 files less 64)", maxConns)
	}
	const flood = 300
	f := &flooder{}
	defer f.close()
	f.open(t, apiAddr, flood)
	excess := flood - (maxConns - 1) // one admitted connection is the client's
	waitFor(t, "the excess connections to be refused", func() bool { return f.answered() >= excess })
	waitFor(t, "the admitted requests to sleep", func() bool { return loadOf(t, c, s["admin"])["in_flight"] == maxConns-1 })

	load := loadOf(t, c, s["admin"])
	if load["shed"] < excess || load["connections"] > maxConns {
		t.Errorf("Tonic-Load under the flood: got %v, want at least %d shed and at most %d connections", load, excess, maxConns)
	}
	if r := mustSend(t, c, request{method: "GET", url: s["admin"] + "/readyz"}); r.code != 200 {
		t.Errorf("admin /readyz under the flood: got %d, want 200", r.code)
	}
	metricsText := mustSend(t, c, request{method: "GET", url: s["admin"] + "/metrics"}).body
	if m := regexp.MustCompile(`tonic_server_shed_total\{server="api"\} (\d+)`).FindStringSubmatch(metricsText); m == nil || m[1] == "0" {
		t.Errorf("/metrics: got %v, want tonic_server_shed_total for api above 0", m)
	}
	created := mustSend(t, c, request{method: "POST", url: s["api"] + "/1.0/stuff", body: `{"name":"under load"}`, auth: &auth})
	if created.code != http.StatusCreated {
		t.Errorf("a write on an admitted connection under the flood: got %d %s, want 201", created.code, created.body)
	}
	f.mu.Lock()
	if len(f.other) > 0 || f.shed == 0 {
		t.Errorf("the flood got %d 503s, %d closed, and others %q; want only 503 overloaded or closed", f.shed, f.closed, f.other)
	}
	f.mu.Unlock()

	f.close()
	waitFor(t, "the abandoned requests to end", func() bool { return loadOf(t, c, s["admin"])["in_flight"] == 0 })
	var item Item
	if err := json.Unmarshal([]byte(created.body), &item); err != nil {
		t.Fatal(err)
	}
	if r := mustSend(t, c, request{method: "GET", url: s["api"] + "/1.0/stuff/" + item.ID}); r.code != 200 {
		t.Errorf("after the flood: got %d %s, want the item", r.code, r.body)
	}
	if log := p.log(); !strings.Contains(log, "shedding load: answering 503 at once") {
		t.Error("no warning that the API shed load")
	}
	p.signal(p.pid(), syscall.SIGTERM)
	if code := p.waitExit(); code != 0 {
		t.Errorf("exit code after SIGTERM: got %d, want 0", code)
	}
}
