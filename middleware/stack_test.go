package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// fullStack wraps h in every middleware of the package that wraps the
// response writer or replaces the request.
func fullStack(h http.Handler, reg metrics.Registry, log, apache io.Writer) http.Handler {
	logger, _ := testLogger()
	return Chain(
		RequestID(),
		Logged(logger.Output(log), LogOptions{ResponseBody: 8}),
		ApacheLogged(apache),
		CORS([]string{"*"}),
		Counted(reg, ""),
		Timed(reg, ""),
		CountedByStatus(reg, ""),
		CountedByStatusXX(reg, ""),
		Recovered(logger),
		Cached(CacheOptions{NoCache: true}),
		MaxBytes(1<<20),
		WithContext[session](),
	)(h)
}

// TestFullStackStreamsAndHijacks proves over a real connection that Flush
// and Hijack pass through every layer: the client reads the first chunk
// before the handler writes the second, and a hijacked connection speaks
// raw bytes.
func TestFullStackStreamsAndHijacks(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	var log, apache syncBuffer
	ack := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "one\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush through the stack got %v, want nil", err)
		}
		select {
		case <-ack: // the client has read "one": the flush reached it
		case <-time.After(10 * time.Second):
			t.Error("client never read the flushed chunk")
		}
		_, _ = io.WriteString(w, "two\n")
	})
	mux.HandleFunc("GET /ws", func(w http.ResponseWriter, r *http.Request) {
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack through the stack got %v, want nil", err)
			return
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		_ = brw.Flush()
		line, _ := brw.ReadString('\n')
		_, _ = brw.WriteString("echo: " + line)
		_ = brw.Flush()
	})
	srv := httptest.NewServer(fullStack(mux, reg, &log, &apache))
	defer srv.Close()

	res, err := http.Get(srv.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(res.Body)
	first, _ := br.ReadString('\n')
	close(ack)
	rest, _ := io.ReadAll(br)
	res.Body.Close()
	if first != "one\n" || string(rest) != "two\n" || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("stream got %q %q %v, want one, two and Cache-Control", first, rest, res.Header)
	}

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
	cr := bufio.NewReader(conn)
	status, _ := cr.ReadString('\n')
	for l, _ := cr.ReadString('\n'); l != "\r\n" && l != ""; l, _ = cr.ReadString('\n') {
	}
	_, _ = io.WriteString(conn, "hello\n")
	echo, _ := cr.ReadString('\n')
	if status != "HTTP/1.1 101 Switching Protocols\r\n" || echo != "echo: hello\n" {
		t.Errorf("hijacked conn got %q %q, want 101 and the echo", status, echo)
	}
	conn.Close()
	srv.Close() // waits for /stream; a hijacked handler is no longer tracked:
	waitFor(t, func() bool { return strings.Contains(apache.String(), "/ws") && strings.Contains(log.String(), "/ws") })

	logText := log.String()
	if !strings.Contains(logText, `"path":"/ws","proto":"HTTP/1.1","route":"GET /ws","hijacked":true`) {
		t.Errorf("log got %s, want the /ws line marked hijacked", logText)
	}
	if !strings.Contains(logText, `"path":"/stream","proto":"HTTP/1.1","route":"GET /stream","status":200,"bytes":8`) ||
		!strings.Contains(logText, `"response_body":"one\ntwo\n"`) {
		t.Errorf("log got %s, want the /stream line with 8 bytes", logText)
	}
	if !strings.Contains(apache.String(), `"GET /ws HTTP/1.1" hijacked`) {
		t.Errorf("apache log got %s, want the /ws line marked hijacked", apache.String())
	}
	got := counts(reg, "GET /ws.count", "GET /stream-200", "GET /stream-2xx", "GET /ws-101")
	if got["GET /ws.count"] != 1 || got["GET /stream-200"] != 1 || got["GET /stream-2xx"] != 1 || got["GET /ws-101"] != -1 {
		t.Errorf("metrics got %v, want /ws counted but not by status", got)
	}
}
