package server

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// abandonStack is a server whose one route, GET /wait, is a marshal
// function that waits for its context to end and returns ctx.Err(), behind
// every middleware that logs or counts by status.
type abandonStack struct {
	srv     *Server
	addr    string
	reg     metrics.Registry
	log     *logBuffer // Logged's and marshal's lines
	apache  *logBuffer
	entered chan string // the request ID of each request that reached the function
}

func newAbandonStack(t *testing.T, tlsConfig *tls.Config) *abandonStack {
	t.Helper()
	st := &abandonStack{reg: metrics.NewRegistry(), log: &logBuffer{}, apache: &logBuffer{}, entered: make(chan string, 4)}
	logger := zerolog.New(st.log).Level(zerolog.DebugLevel)
	wait := func(ctx context.Context, _ *struct{}) (*struct{}, error) {
		st.entered <- tonic.RequestIDFrom(ctx)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/wait", marshal.Typed(wait))
	h := middleware.Chain(
		middleware.RequestID(),
		middleware.Logged(logger),
		middleware.ApacheLogged(st.apache),
		middleware.Counted(st.reg, ""),
		middleware.Timed(st.reg, ""),
		middleware.CountedByStatus(st.reg, ""),
		middleware.CountedByStatusXX(st.reg, "all"),
		middleware.Recovered(logger),
	)(mux)
	s, _ := newTestServer(t, h, Options{})
	ln := listen(t)
	if tlsConfig != nil {
		serveOn(t, s, TLSListener(ln, tlsConfig))
	} else {
		serveOn(t, s, ln)
	}
	st.srv, st.addr = s, ln.Addr().String()
	return st
}

// counter returns the count of the go-metrics counter name, or -1.
func (st *abandonStack) counter(name string) int64 {
	if c, ok := st.reg.Get(name).(metrics.Counter); ok {
		return c.Count()
	}
	return -1
}

// check verifies that one request, wantID, was abandoned and that every
// log and metric says so, none as a server error.
func (st *abandonStack) check(t *testing.T, wantID string) {
	t.Helper()
	waitFor(t, "the request to be counted", func() bool { return st.srv.Stats().Requests == 1 })
	if got := st.srv.Stats(); got.Abandoned != 1 || got.ByClass[5] != 0 || got.ByClass[2] != 0 {
		t.Errorf("Stats: got %+v, want 1 abandoned and no 5xx", got)
	}
	line := st.log.waitLog(t, "request")
	if line["status"] != float64(499) || line["abandoned"] != true || line["level"] != "info" || line["request_id"] != wantID {
		t.Errorf("Logged line: got %v, want status 499, abandoned, level info, request_id %s", line, wantID)
	}
	for _, e := range st.log.entries() {
		if e["level"] == "error" {
			t.Errorf("a line at error level: %v", e)
		}
	}
	if m := st.log.find("marshal: request failed"); m == nil || m["status"] != float64(499) {
		t.Errorf("marshal's line: got %v, want status 499 at debug level", m)
	}
	waitFor(t, "the Apache line", func() bool { return strings.Contains(st.apache.String(), "\n") })
	if a := st.apache.String(); !strings.Contains(a, `"GET /wait HTTP/`) || !strings.Contains(a, `" 499 `) {
		t.Errorf("Apache line: got %q, want status 499", a)
	}
	for name, want := range map[string]int64{
		"GET /wait.abandoned.count": 1, "GET /wait.count": -1,
		"GET /wait-499": 1, "GET /wait-500": -1, "all-4xx": 1, "all-5xx": 0,
	} {
		if got := st.counter(name); got != want {
			t.Errorf("counter %q: got %d, want %d", name, got, want)
		}
	}
	if tm, ok := st.reg.Get("GET /wait.abandoned.timer").(metrics.Timer); !ok || tm.Count() != 1 {
		t.Errorf("timer GET /wait.abandoned.timer: got %v, want one request", st.reg.Get("GET /wait.abandoned.timer"))
	}
	if st.reg.Get("GET /wait.timer") != nil {
		t.Error("the abandoned request was timed with the answered ones")
	}
}

// TestAbandonedHTTP1 closes the connection while the function waits: the
// request is a 499 everywhere, at info level, never a 500.
func TestAbandonedHTTP1(t *testing.T) {
	leakCheck(t)
	st := newAbandonStack(t, nil)
	c, err := net.Dial("tcp", st.addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("GET /wait HTTP/1.1\r\nHost: x\r\nX-Request-ID: gone-1\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	recv(t, "the function to run", st.entered)
	c.Close()
	st.check(t, "gone-1")
}

// TestAbandonedHTTP2StreamReset cancels an HTTP/2 request, which resets its
// stream: the request is a 499 everywhere, never a 500.
func TestAbandonedHTTP2StreamReset(t *testing.T) {
	leakCheck(t)
	serverTLS, clientTLS := testTLS(t)
	st := newAbandonStack(t, serverTLS)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://"+st.addr+"/wait", nil)
	req.Header.Set(tonic.RequestIDHeader, "reset-1")
	errc := make(chan error, 1)
	c := newClient(t, clientTLS)
	go func() {
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.ProtoMajor != 2 {
				err = errors.New("not HTTP/2: " + resp.Proto)
			}
		}
		errc <- err
	}()
	recv(t, "the function to run", st.entered)
	cancel()
	if err := recv(t, "the client to give up", errc); !errors.Is(err, context.Canceled) {
		t.Fatalf("client: got %v, want context.Canceled", err)
	}
	st.check(t, "reset-1")
}

// TestNotAbandonedWhenTheServerCancels cancels a request from the server
// side (an operator's DELETE /debug/requests/{id}): that is a 503 with the
// server's reason, not an abandoned request, although the function
// returned ctx.Err().
func TestNotAbandonedWhenTheServerCancels(t *testing.T) {
	leakCheck(t)
	st := newAbandonStack(t, nil)
	type answer struct {
		status int
		body   string
	}
	got := make(chan answer, 1)
	go func() {
		status, body, _ := get(t, newClient(t, nil), "http://"+st.addr+"/wait", "op-1")
		got <- answer{status, body}
	}()
	recv(t, "the function to run", st.entered)
	if !st.srv.CancelRequest("op-1") {
		t.Fatal("CancelRequest found no request")
	}
	a := recv(t, "the answer", got)
	var body struct{ Error string }
	_ = json.Unmarshal([]byte(a.body), &body)
	if a.status != http.StatusServiceUnavailable || body.Error != "request_canceled" {
		t.Errorf("answer: got %d %s, want 503 request_canceled", a.status, a.body)
	}
	waitFor(t, "the request to be counted", func() bool { return st.srv.Stats().Requests == 1 })
	if s := st.srv.Stats(); s.Abandoned != 0 || s.ByClass[5] != 1 {
		t.Errorf("Stats: got %+v, want one 5xx and none abandoned", s)
	}
	if line := st.log.waitLog(t, "request"); line["status"] != float64(503) || line["abandoned"] != nil {
		t.Errorf("Logged line: got %v, want status 503, not abandoned", line)
	}
}
