package server

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"testing"
)

// TestConnectionsStates follows one keep-alive connection through the
// connection table: idle after a request, active during one, gone once the
// client closes it.
func TestConnectionsStates(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	mux := http.NewServeMux()
	mux.HandleFunc("/fast", func(w http.ResponseWriter, r *http.Request) {})
	mux.Handle("/slow", b)
	s, _, addr := startServer(t, mux, Options{})

	var local string // the client's address, which the server sees as remote
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			local = c.LocalAddr().String()
		}
		return c, err
	}}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	url := "http://" + addr

	if _, _, err := get(t, c, url+"/fast", ""); err != nil {
		t.Fatal(err)
	}
	one := waitConn(t, s, "an idle connection after one request", func(ci ConnInfo) bool {
		return ci.State == http.StateIdle && ci.Requests == 1
	})
	if one.RemoteAddr != local || one.LocalAddr != addr || one.TLS {
		t.Errorf("got %s -> %s tls=%t, want %s -> %s tls=false", one.RemoteAddr, one.LocalAddr, one.TLS, local, addr)
	}
	res := getAsync(t, c, url+"/slow", "")
	recv(t, "the request to enter its handler", b.entered)
	two := waitConn(t, s, "an active connection serving its second request", func(ci ConnInfo) bool {
		return ci.State == http.StateActive && ci.Requests == 2
	})
	if two.RemoteAddr != local || !two.Opened.Equal(one.Opened) || two.Since.Before(one.Since) {
		t.Errorf("got %+v after %+v, want the same connection in a later state", two, one)
	}
	close(b.release)
	recv(t, "the response", res)
	tr.CloseIdleConnections()
	waitFor(t, "the closed connection to leave the table", func() bool { return len(s.Connections()) == 0 })
}

// waitConn waits until s has exactly one connection and it satisfies ok.
func waitConn(t *testing.T, s *Server, what string, ok func(ConnInfo) bool) ConnInfo {
	t.Helper()
	var ci ConnInfo
	waitFor(t, what, func() bool {
		conns := s.Connections()
		if len(conns) != 1 {
			return false
		}
		ci = conns[0]
		return ok(ci)
	})
	return ci
}

// TestConnectionsHijackedTLS checks when a hijacked TLS connection leaves the
// table: when it closes for a TLSListener, whose connections the table sees
// below TLS, but when its handler returns for a caller's tls.NewListener.
func TestConnectionsHijackedTLS(t *testing.T) {
	serverTLS, clientTLS := testTLS(t)
	serverTLS.NextProtos = []string{"http/1.1"}
	tests := []struct {
		name       string
		listener   func(net.Listener) net.Listener
		untilClose bool // listed until the hijacked connection closes
	}{
		{"TLSListener", func(ln net.Listener) net.Listener { return TLSListener(ln, serverTLS) }, true},
		{"tls.NewListener", func(ln net.Listener) net.Listener { return tls.NewListener(ln, serverTLS) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leakCheck(t)
			hijacked := make(chan net.Conn, 1)
			s, _ := newTestServer(t, hijacker(t, hijacked), Options{}) // the handler returns; the connection lives on
			ln := listen(t)
			serveOn(t, s, tt.listener(ln))
			client, err := tls.Dial("tcp", ln.Addr().String(), clientTLS)
			if err != nil {
				t.Fatal(err)
			}
			defer client.Close()
			io.WriteString(client, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			c := recv(t, "the hijack", hijacked)
			defer c.Close()
			waitFor(t, "the hijacking request to end", func() bool { return len(s.Requests()) == 0 })
			if tt.untilClose {
				ci := waitConn(t, s, "the hijacked connection", func(ci ConnInfo) bool { return ci.State == http.StateHijacked })
				if !ci.TLS || ci.Requests != 1 {
					t.Errorf("got %+v, want a TLS connection with 1 request", ci)
				}
				io.WriteString(c, "bye")
				if got, _ := bufio.NewReader(client).ReadString('e'); got != "bye" {
					t.Errorf("the hijacked connection: got %q, want bye", got)
				}
				c.Close()
			}
			waitFor(t, "the hijacked connection to leave the table", func() bool { return len(s.Connections()) == 0 })
		})
	}
}
