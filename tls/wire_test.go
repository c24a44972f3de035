package tls_test

import (
	cryptotls "crypto/tls"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/server"
	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// The tests in this file serve a Config the one way the package documents,
// server.TLSListener with its TLSConfig under a server.Server, on 127.0.0.1.

// TestVersions proves over a real socket that TLS 1.0 and 1.1 clients are
// refused and TLS 1.2 and 1.3 clients served, and that MinVersion raises the
// floor.
func TestVersions(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	tests := []struct {
		name       string
		minVersion uint16 // server
		client     uint16 // the only version the client speaks
		refused    bool
	}{
		{name: "TLS 1.0 refused", client: cryptotls.VersionTLS10, refused: true},
		{name: "TLS 1.1 refused", client: cryptotls.VersionTLS11, refused: true},
		{name: "TLS 1.2 served", client: cryptotls.VersionTLS12},
		{name: "TLS 1.3 served", client: cryptotls.VersionTLS13},
		{name: "TLS 1.2 refused at minimum 1.3", minVersion: cryptotls.VersionTLS13, client: cryptotls.VersionTLS12, refused: true},
		{name: "TLS 1.3 served at minimum 1.3", minVersion: cryptotls.VersionTLS13, client: cryptotls.VersionTLS13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, MinVersion: tt.minVersion, Warn: failWarn(t)})
			addr, _ := serve(t, cfg, server.Options{})
			c := client(t, ss.CertPool(), func(tc *cryptotls.Config) {
				tc.MinVersion, tc.MaxVersion = tt.client, tt.client
			})
			resp, _, err := get(c, "https://"+addr+"/")
			if tt.refused {
				if err == nil || !strings.Contains(err.Error(), "protocol version") {
					t.Fatalf("GET: got %v, want a protocol version error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			if resp.TLS.Version != tt.client {
				t.Errorf("version: got %s, want %s", cryptotls.VersionName(resp.TLS.Version), cryptotls.VersionName(tt.client))
			}
		})
	}
}

// TestALPN proves that HTTP/2 is negotiated with a client that offers it,
// and HTTP/1.1 with one that does not.
func TestALPN(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, Warn: failWarn(t)})
	addr, _ := serve(t, cfg, server.Options{})
	tests := []struct {
		name      string
		offer     []string
		wantProto string // as the handler saw it
		wantALPN  string
	}{
		{name: "h2 offered", offer: []string{"h2", "http/1.1"}, wantProto: "HTTP/2.0", wantALPN: "h2"},
		{name: "http/1.1 offered", offer: []string{"http/1.1"}, wantProto: "HTTP/1.1", wantALPN: "http/1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := client(t, ss.CertPool(), func(tc *cryptotls.Config) { tc.NextProtos = tt.offer })
			resp, body, err := get(c, "https://"+addr+"/")
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			if body != tt.wantProto || resp.TLS.NegotiatedProtocol != tt.wantALPN {
				t.Errorf("got protocol %q over ALPN %q, want %q over %q", body, resp.TLS.NegotiatedProtocol, tt.wantProto, tt.wantALPN)
			}
		})
	}
}

// TestPlainHTTPToTLSPort proves that plain HTTP sent to the TLS port is
// answered with 400 Bad Request.
func TestPlainHTTPToTLSPort(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, Warn: failWarn(t)})
	addr, _ := serve(t, cfg, server.Options{})
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	resp, body, err := get(c, "http://"+addr+"/")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "HTTP request to an HTTPS server") {
		t.Errorf("got %d %q, want 400 and a body about HTTPS", resp.StatusCode, body)
	}
}

// TestClientCertificates proves that with a client CA file a client without
// a certificate, or with one from another CA, is refused by the server for
// that reason, and a client with a certificate from the CA is served and
// seen by the handler.
func TestClientCertificates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	serverCert := selfSigned(t, tonictls.SelfSignedOptions{})
	clientCert := selfSigned(t, tonictls.SelfSignedOptions{})
	stranger := selfSigned(t, tonictls.SelfSignedOptions{})
	caFile := writeFile(t, dir, "client-ca.pem", clientCert.CertPEM)
	cfg := newConfig(t, tonictls.Options{Certificate: &serverCert.Certificate, ClientCAFile: caFile, Warn: failWarn(t)})
	if got := cfg.TLSConfig().ClientAuth; got != cryptotls.RequireAndVerifyClientCert {
		t.Errorf("ClientAuth: got %v, want RequireAndVerifyClientCert", got)
	}
	tests := []struct {
		name        string
		cert        *cryptotls.Certificate
		maxVers     uint16
		wantRefusal string // in the server's log; "" if served
	}{
		{name: "no certificate, TLS 1.3", wantRefusal: "client didn't provide a certificate"},
		{name: "no certificate, TLS 1.2", maxVers: cryptotls.VersionTLS12, wantRefusal: "client didn't provide a certificate"},
		{name: "certificate from another CA", cert: &stranger.Certificate, wantRefusal: "unknown authority"},
		{name: "certificate from the CA, TLS 1.3", cert: &clientCert.Certificate},
		{name: "certificate from the CA, TLS 1.2", cert: &clientCert.Certificate, maxVers: cryptotls.VersionTLS12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			addr, logs := serve(t, cfg, server.Options{})
			c := client(t, serverCert.CertPool(), func(tc *cryptotls.Config) {
				tc.MaxVersion = tt.maxVers
				if tt.cert != nil {
					tc.Certificates = []cryptotls.Certificate{*tt.cert}
				}
			})
			_, body, err := get(c, "https://"+addr+"/")
			if tt.wantRefusal != "" {
				// With TLS 1.3 the client may see the alert or a reset.
				if err == nil {
					t.Fatalf("GET: got %q, want an error", body)
				}
				logs.waitFor(t, tt.wantRefusal)
				return
			}
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			if want := "HTTP/2.0 tonic self-signed"; body != want {
				t.Errorf("body: got %q, want %q", body, want)
			}
		})
	}
}

// TestSilentClientIsDropped proves that a client that connects and never
// starts its handshake is disconnected when the shortest of the server's
// ReadHeaderTimeout, ReadTimeout and WriteTimeout runs out. In each row the
// other two are off or an hour long, so the connection would stay open
// without the timeout under test.
func TestSilentClientIsDropped(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, Warn: failWarn(t)})
	const short = 50 * time.Millisecond
	tests := []struct {
		name string
		opts server.Options
	}{
		{"ReadHeaderTimeout", server.Options{ReadHeaderTimeout: short, ReadTimeout: server.NoTimeout, WriteTimeout: server.NoTimeout}},
		{"ReadTimeout", server.Options{ReadHeaderTimeout: server.NoTimeout, ReadTimeout: short, WriteTimeout: server.NoTimeout}},
		{"WriteTimeout", server.Options{ReadHeaderTimeout: time.Hour, ReadTimeout: server.NoTimeout, WriteTimeout: short}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			addr, logs := serve(t, cfg, tt.opts)
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if err := conn.SetReadDeadline(time.Now().Add(generousDeadline)); err != nil {
				t.Fatal(err)
			}
			_, err = conn.Read(make([]byte, 1))
			if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("read from a silent connection: got %v, want the server to close it", err)
			}
			logs.waitFor(t, "TLS handshake error")
		})
	}
}
