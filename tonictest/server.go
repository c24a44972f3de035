package tonictest

import (
	"context"
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tls"
)

// shutdownLimit bounds the drain of a test server at the end of its test.
const shutdownLimit = 30 * time.Second

// ServerOptions configures NewServer. The zero value means the defaults.
type ServerOptions struct {
	// TLS serves HTTPS, with a new self-signed certificate for 127.0.0.1
	// and localhost (see tls.SelfSigned) that the Server's Client and
	// CertPool trust. Defaults to false: plain HTTP.
	TLS bool
	// Logger receives the server's log lines. Defaults to none.
	Logger zerolog.Logger
	// Server configures the server.Server. Defaults to server.New's
	// defaults.
	Server server.Options
}

// Server is a server.Server serving a handler on a loopback port for the
// length of a test.
type Server struct {
	// URL is the base URL: "http://127.0.0.1:port", or https.
	URL string
	// Server is the server, for its tables and stats.
	Server *server.Server
	// CertPool trusts the server's certificate; nil without TLS.
	CertPool *x509.CertPool
}

// NewServer serves h through a server.Server (server.New with the
// options) on a new listener on 127.0.0.1, and shuts it down gracefully
// when the test ends (server.Server.Shutdown), failing the test if the
// drain fails. It fails the test at once if the server cannot start.
func NewServer(t testing.TB, h http.Handler, opts ...ServerOptions) *Server {
	t.Helper()
	if len(opts) > 1 {
		t.Fatalf("tonictest: NewServer with %d ServerOptions, want at most one", len(opts))
	}
	var o ServerOptions
	if len(opts) == 1 {
		o = opts[0]
	}
	srv, err := server.New(h, o.Logger, o.Server)
	if err != nil {
		t.Fatalf("tonictest: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("tonictest: %v", err)
	}
	s := &Server{URL: "http://" + ln.Addr().String(), Server: srv}
	if o.TLS {
		config, pool, err := selfSigned()
		if err != nil {
			ln.Close()
			t.Fatalf("tonictest: %v", err)
		}
		ln, s.URL, s.CertPool = server.TLSListener(ln, config), "https://"+ln.Addr().String(), pool
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() { s.shutdown(t, done) })
	return s
}

// shutdown drains the server and waits for Serve to return.
func (s *Server) shutdown(t testing.TB, done <-chan error) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownLimit)
	defer cancel()
	if err := s.Server.Shutdown(ctx); err != nil {
		t.Errorf("tonictest: shutting the server down: %v", err)
	}
	if err := <-done; !errors.Is(err, server.ErrServerClosed) {
		t.Errorf("tonictest: the server stopped with %v, want server.ErrServerClosed", err)
	}
}

// selfSigned returns a server TLS configuration with a new self-signed
// certificate, and the pool that trusts it.
func selfSigned() (*cryptotls.Config, *x509.CertPool, error) {
	ss, err := tls.SelfSigned(tls.SelfSignedOptions{})
	if err != nil {
		return nil, nil, err
	}
	config, err := tls.New(tls.Options{Certificate: &ss.Certificate, Warn: func(error) {}})
	if err != nil {
		return nil, nil, err
	}
	return config.TLSConfig(), ss.CertPool(), nil
}

// Client returns a client for the server, which trusts its certificate,
// with opts as client.New takes them (their TLSConfig, if any, gets the
// server's pool as RootCAs). Its idle connections are closed when the test
// ends, before the server shuts down.
func (s *Server) Client(t testing.TB, opts ...client.Options) *client.Client {
	t.Helper()
	if len(opts) > 1 {
		t.Fatalf("tonictest: Client with %d Options, want at most one", len(opts))
	}
	var o client.Options
	if len(opts) == 1 {
		o = opts[0]
	}
	if s.CertPool != nil && o.HTTPClient == nil {
		if o.TLSConfig == nil {
			o.TLSConfig = &cryptotls.Config{}
		} else {
			o.TLSConfig = o.TLSConfig.Clone()
		}
		o.TLSConfig.RootCAs = s.CertPool
	}
	c, err := client.New(s.URL, o)
	if err != nil {
		t.Fatalf("tonictest: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}
