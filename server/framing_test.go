package server

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

func TestFramingScanner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"both", "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", true},
		{"both, TE first, odd case", "POST / HTTP/1.1\r\ntransfer-ENCODING: chunked\r\nCONTENT-length: 5\r\n\r\n", true},
		{"both, bare LF", "POST / HTTP/1.1\nContent-Length: 5\nTransfer-Encoding: chunked\n\n", true},
		{"CL only", "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", false},
		{"TE only", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false},
		{"in two requests", "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\nPOST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false},
		{"second request has both", "GET / HTTP/1.1\r\nHost: x\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", true},
		{"a folded line is not a header", "POST / HTTP/1.1\r\nContent-Length: 5\r\nX: a\r\n Transfer-Encoding: chunked\r\n\r\n", false},
		{"a longer name is another header", "POST / HTTP/1.1\r\nContent-Length-X: 5\r\nTransfer-Encoding: chunked\r\n\r\n", false},
		{"a line of CR is not empty", "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\r\nTransfer-Encoding: chunked\r\n\r\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var whole framingScanner
			whole.scan([]byte(tt.in))
			if got := whole.suspect.Load(); got != tt.want {
				t.Fatalf("in one read: got %v, want %v", got, tt.want)
			}
			for cut := 1; cut < len(tt.in); cut++ { // every split into two reads
				var split framingScanner
				split.scan([]byte(tt.in[:cut]))
				split.scan([]byte(tt.in[cut:]))
				if got := split.suspect.Load(); got != tt.want {
					t.Fatalf("split at %d: got %v, want %v", cut, got, tt.want)
				}
			}
			var bytewise framingScanner
			for i := range len(tt.in) {
				bytewise.scan([]byte{tt.in[i]})
			}
			if got := bytewise.suspect.Load(); got != tt.want {
				t.Fatalf("a byte at a time: got %v, want %v", got, tt.want)
			}
		})
	}
}

// wireResponse is one response read off a raw connection.
type wireResponse struct {
	status int
	close  bool // the response says Connection: close
	body   string
}

// exchange sends raw on a new connection to addr (through TLS when
// tlsConfig is not nil) and reads responses until the server closes the
// connection.
func exchange(t *testing.T, addr string, tlsConfig *tls.Config, raw string) []wireResponse {
	t.Helper()
	return exchangeConn(t, addr, tlsConfig, raw, false)
}

// exchangeConn is exchange, half-closing the connection after raw when
// halfClose is set, so that a body shorter than declared ends there.
func exchangeConn(t *testing.T, addr string, tlsConfig *tls.Config, raw string, halfClose bool) []wireResponse {
	t.Helper()
	var c net.Conn
	var err error
	if tlsConfig != nil {
		c, err = tls.Dial("tcp", addr, tlsConfig)
	} else {
		c, err = net.Dial("tcp", addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(waitLimit))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	if cw, ok := c.(interface{ CloseWrite() error }); ok && halfClose {
		_ = cw.CloseWrite()
	}
	br := bufio.NewReader(c)
	var out []wireResponse
	for {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || isReset(err) {
				return out
			}
			t.Fatalf("reading response %d of %q: %v", len(out)+1, raw, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, wireResponse{resp.StatusCode, resp.Close, string(body)})
	}
}

// isReset reports whether err is a connection reset, which a server that
// closes with unread bytes may cause.
func isReset(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && strings.Contains(op.Err.Error(), "reset")
}

// echoLen answers POST /a with the number of body bytes it read, and GET /b
// with "b served".
func echoLen() http.Handler {
	type in struct {
		Name string `json:"name"`
	}
	type out struct {
		Got string `json:"got"`
	}
	mux := tonic.NewTrieServeMux()
	mux.Handle("POST", "/a", marshal.Typed(func(_ context.Context, r *in) (*out, error) {
		return &out{Got: r.Name}, nil
	}, marshal.Options{MaxBodyBytes: 64}))
	mux.HandleFunc("GET", "/b", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "b served") })
	mux.HandleFunc("POST", "/keepalive", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Del("Connection") // a handler that would keep the connection
		w.Header().Set("Connection", "keep-alive")
		io.WriteString(w, "kept?")
	})
	mux.HandleFunc("POST", "/raw", func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		if err != nil {
			tonic.WriteError(w, r, 0, err)
			return
		}
		io.WriteString(w, "raw read")
	})
	return mux
}

// stacks are the handlers the framing tests run behind: the mux alone, and
// the mux behind every middleware that wraps the response writer.
func stacks(h http.Handler) map[string]http.Handler {
	logger := zerolog.Nop()
	reg := metrics.NewRegistry()
	full := middleware.Chain(
		middleware.RequestID(),
		middleware.Logged(logger, middleware.LogOptions{RequestBody: 16}),
		middleware.ApacheLogged(io.Discard),
		middleware.CORS([]string{"*"}),
		middleware.Counted(reg, ""),
		middleware.Timed(reg, ""),
		middleware.CountedByStatus(reg, ""),
		middleware.Recovered(logger),
		middleware.Cached(middleware.CacheOptions{NoCache: true}),
		middleware.Timeout(time.Minute),
		middleware.MaxBytes(1<<20),
	)(h)
	return map[string]http.Handler{"bare": h, "full stack": full}
}

const (
	pipelinedGET = "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	chunkedName  = "d\r\n{\"name\":\"ok\"}\r\n0\r\n\r\n"
)

// TestAmbiguousFramingClosesTheConnection sends a POST with both
// Content-Length and Transfer-Encoding and a GET behind it on one
// connection: the POST is answered with Connection: close and the GET
// never, whatever the stack. A POST with one of the two keeps the
// connection, and the GET is served.
func TestAmbiguousFramingClosesTheConnection(t *testing.T) {
	leakCheck(t)
	tests := []struct {
		name      string
		head      string // the POST's header lines after the request line
		body      string
		wantBoth  bool // only the POST is answered, with Connection: close
		wantFirst int
	}{
		{"CL and TE", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", chunkedName, true, 200},
		{"TE and CL, odd case", "transfer-encoding: chunked\r\ncontent-LENGTH: 40\r\n", chunkedName, true, 200},
		{"CL 0 and TE", "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n", chunkedName, true, 200},
		{"TE only", "Transfer-Encoding: chunked\r\n", chunkedName, false, 200},
		{"CL only", "Content-Length: 13\r\n", `{"name":"ok"}`, false, 200},
	}
	for stackName, h := range stacks(echoLen()) {
		_, logs, addr := startServer(t, h, Options{})
		for _, tt := range tests {
			t.Run(stackName+"/"+tt.name, func(t *testing.T) {
				raw := "POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + tt.head + "\r\n" + tt.body + pipelinedGET
				got := exchange(t, addr, nil, raw)
				if tt.wantBoth {
					if len(got) != 1 || got[0].status != tt.wantFirst || !got[0].close {
						t.Fatalf("got %+v, want only a %d with Connection: close", got, tt.wantFirst)
					}
					if logs.find("request with both Content-Length and Transfer-Encoding: closing the connection after the response") == nil {
						t.Error("no warning logged")
					}
					return
				}
				if len(got) != 2 || got[0].status != tt.wantFirst || got[1].body != "b served" {
					t.Fatalf("got %+v, want a %d and the GET served", got, tt.wantFirst)
				}
			})
		}
	}
}

// TestAmbiguousFramingWhateverTheHandler: a handler that sets its own
// Connection header cannot keep an ambiguous connection open.
func TestAmbiguousFramingWhateverTheHandler(t *testing.T) {
	leakCheck(t)
	_, _, addr := startServer(t, echoLen(), Options{})
	raw := "POST /keepalive HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedName + pipelinedGET
	if got := exchange(t, addr, nil, raw); len(got) != 1 || !got[0].close || got[0].body != "kept?" {
		t.Fatalf("got %+v, want only the handler's answer, closing the connection", got)
	}
}

// TestAmbiguousFramingOverTLS: under TLS the server does not see the bytes,
// so any HTTP/1 request with a Transfer-Encoding closes its connection.
func TestAmbiguousFramingOverTLS(t *testing.T) {
	leakCheck(t)
	serverTLS, clientTLS := testTLS(t)
	serverTLS.NextProtos = []string{"http/1.1"}
	s, _ := newTestServer(t, echoLen(), Options{})
	ln := listen(t)
	serveOn(t, s, TLSListener(ln, serverTLS))
	raw := "POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedName + pipelinedGET
	got := exchange(t, ln.Addr().String(), clientTLS, raw)
	if len(got) != 1 || got[0].status != 200 || !got[0].close {
		t.Fatalf("TE over TLS: got %+v, want only a 200 with Connection: close", got)
	}
	raw = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n" + `{"name":"ok"}` + pipelinedGET
	if got := exchange(t, ln.Addr().String(), clientTLS, raw); len(got) != 2 || got[1].body != "b served" {
		t.Fatalf("CL over TLS: got %+v, want both answered", got)
	}
}

// TestBodyOverLimitClosesTheConnection sends a body over the limit with a
// GET behind it: the 413 closes the connection and the GET is never
// served, whatever the stack and however the body is framed.
func TestBodyOverLimitClosesTheConnection(t *testing.T) {
	leakCheck(t)
	big := `{"name":"` + strings.Repeat("x", 200) + `"}`
	chunked := func(s string) string { return strings.ToLower(strconvHex(len(s))) + "\r\n" + s + "\r\n0\r\n\r\n" }
	tests := []struct {
		name string
		req  string
	}{
		{"declared length over marshal's limit", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 211\r\n\r\n" + big},
		{"chunked over marshal's limit", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(big)},
	}
	for stackName, h := range stacks(echoLen()) {
		s, _, addr := startServer(t, h, Options{})
		for _, tt := range tests {
			t.Run(stackName+"/"+tt.name, func(t *testing.T) {
				got := exchange(t, addr, nil, tt.req+pipelinedGET)
				if len(got) != 1 || got[0].status != http.StatusRequestEntityTooLarge || !got[0].close {
					t.Fatalf("got %+v, want only a 413 with Connection: close", got)
				}
			})
		}
		waitConnsClosed(t, s)
	}
	// MaxBytes in front of a handler that reads the body itself.
	limited := middleware.Chain(middleware.RequestID(), middleware.Logged(zerolog.Nop()), middleware.MaxBytes(16))(echoLen())
	s, _, addr := startServer(t, limited, Options{})
	defer waitConnsClosed(t, s)
	for _, req := range []string{
		"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 211\r\n\r\n" + big,
		"POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(big),
	} {
		got := exchange(t, addr, nil, req+pipelinedGET)
		if len(got) != 1 || got[0].status != http.StatusRequestEntityTooLarge || !got[0].close {
			t.Fatalf("MaxBytes: got %+v, want only a 413 with Connection: close", got)
		}
	}
}

// waitConnsClosed waits until s has no connection left: net/http lingers
// for half a second on a connection it closes with a body unread.
func waitConnsClosed(t *testing.T, s *Server) {
	t.Helper()
	waitFor(t, "the connections to close", func() bool { return len(s.Connections()) == 0 })
}

// strconvHex formats n in hexadecimal, as a chunk size.
func strconvHex(n int) string {
	const digits = "0123456789abcdef"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n >>= 4 {
		b = append([]byte{digits[n&15]}, b...)
	}
	return string(b)
}

// BenchmarkFramingScanner measures what the framing scanner adds to each
// read of a plain connection: a request's header block, and a 64 KiB body
// of JSON without newlines.
func BenchmarkFramingScanner(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"headers", []byte("POST /1.0/stuff HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n" +
			"Content-Type: application/json\r\nContent-Length: 27\r\nAuthorization: Basic dTpw\r\n\r\n")},
		{"body-64KiB", []byte(`{"items":[` + strings.Repeat(`{"name":"widget","count":3},`, 2340) + `{}]}`)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.data)))
			for range b.N {
				var f framingScanner
				f.scan(bc.data)
			}
		})
	}
}
