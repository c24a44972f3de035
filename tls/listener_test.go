package tls_test

import (
	"bufio"
	cryptotls "crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// generousDeadline bounds the waits for events in these tests; reaching it
// means the event never came.
const generousDeadline = 20 * time.Second

// TestNilConfigListener proves that a nil *Config leaves a listener plain.
func TestNilConfigListener(t *testing.T) {
	t.Parallel()
	var cfg *tonictls.Config
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if got := cfg.Listener(ln); got != ln {
		t.Errorf("Listener: got %T, want the inner listener", got)
	}
	if got := cfg.HandshakeListener(ln); got != ln {
		t.Errorf("HandshakeListener: got %T, want the inner listener", got)
	}
	addr := serve(t, nil, &http.Server{})
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	if _, body, err := get(c, "http://"+addr+"/"); err != nil || body != "HTTP/1.1" {
		t.Errorf("plain GET: got %q, %v, want %q", body, err, "HTTP/1.1")
	}
}

// TestSilentClientIsDropped proves that a client that connects and never
// starts its handshake is disconnected by the server: by net/http's own
// timeouts behind Listener, and by the handshake deadline behind
// HandshakeListener.
func TestSilentClientIsDropped(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, HandshakeTimeout: 50 * time.Millisecond, Warn: failWarn(t)})
	tests := []struct {
		name  string
		serve func(t *testing.T) string
	}{
		{"Listener under http.Server", func(t *testing.T) string {
			return serve(t, cfg, &http.Server{ReadHeaderTimeout: 50 * time.Millisecond})
		}},
		{"HandshakeListener", func(t *testing.T) string { return serveEcho(t, cfg) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := net.Dial("tcp", tt.serve(t))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if err := conn.SetReadDeadline(time.Now().Add(generousDeadline)); err != nil {
				t.Fatal(err)
			}
			_, err = conn.Read(make([]byte, 1))
			if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("read from a silent connection: got %v, want the server to close it", err)
			}
		})
	}
}

// TestHandshakeListener proves that HandshakeListener's connections speak
// TLS with the configuration's defaults.
func TestHandshakeListener(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, Warn: failWarn(t)})
	addr := serveEcho(t, cfg)
	tests := []struct {
		name    string
		version uint16
		wantErr bool
	}{
		{name: "TLS 1.3 echoes", version: cryptotls.VersionTLS13},
		{name: "TLS 1.1 refused", version: cryptotls.VersionTLS11, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := cryptotls.Dial("tcp", addr, &cryptotls.Config{RootCAs: ss.CertPool(), MinVersion: tt.version, MaxVersion: tt.version})
			if tt.wantErr {
				if err == nil {
					conn.Close()
				}
				if err == nil || !strings.Contains(err.Error(), "protocol version") {
					t.Fatalf("Dial: got %v, want a protocol version error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Dial: %v", err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, "ping\n"); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(conn).ReadString('\n')
			if want := "TLS 1.3 ping\n"; err != nil || line != want {
				t.Errorf("echo: got %q, %v, want %q", line, err, want)
			}
		})
	}
}

// serveEcho accepts from cfg.HandshakeListener on 127.0.0.1 until the test
// ends; each connection echoes one line, prefixed by its TLS version.
func serveEcho(t *testing.T, cfg *tonictls.Config) string {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := cfg.HandshakeListener(inner)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				echoLine(conn)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return inner.Addr().String()
}

// echoLine reads one line from conn, writes it back after the connection's
// TLS version, and closes conn.
func echoLine(conn net.Conn) {
	defer conn.Close()
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	state := conn.(interface {
		ConnectionState() cryptotls.ConnectionState
	}).ConnectionState()
	_, _ = io.WriteString(conn, cryptotls.VersionName(state.Version)+" "+line)
}
