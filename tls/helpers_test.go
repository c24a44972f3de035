package tls_test

import (
	"context"
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/server"
	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// generousDeadline bounds the waits for events in these tests; reaching it
// means the event never came.
const generousDeadline = 20 * time.Second

// selfSigned returns a new self-signed certificate or fails the test.
func selfSigned(t *testing.T, opts tonictls.SelfSignedOptions) *tonictls.SelfSignedCert {
	t.Helper()
	ss, err := tonictls.SelfSigned(opts)
	if err != nil {
		t.Fatalf("SelfSigned: %v", err)
	}
	return ss
}

// writeFile writes data to name in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writePair writes ss to cert.pem and key.pem in dir and returns their paths.
func writePair(t *testing.T, dir string, ss *tonictls.SelfSignedCert) (certFile, keyFile string) {
	t.Helper()
	return writeFile(t, dir, "cert.pem", ss.CertPEM), writeFile(t, dir, "key.pem", ss.KeyPEM)
}

// warnings collects what Options.Warn receives.
type warnings struct {
	mu   sync.Mutex
	errs []error
}

func (w *warnings) warn(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.errs = append(w.errs, err)
}

func (w *warnings) all() []error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]error(nil), w.errs...)
}

// failWarn is an Options.Warn for tests that expect no warning.
func failWarn(t *testing.T) func(error) {
	return func(err error) { t.Errorf("unexpected warning: %v", err) }
}

// newConfig returns New(opts) or fails the test.
func newConfig(t *testing.T, opts tonictls.Options) *tonictls.Config {
	t.Helper()
	cfg, err := tonictls.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return cfg
}

// echoHandler answers with the request's protocol and, if the client sent a
// certificate, its common name.
var echoHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body := r.Proto
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		body += " " + r.TLS.PeerCertificates[0].Subject.CommonName
	}
	_, _ = io.WriteString(w, body)
})

// serve serves echoHandler with a server.Server made with opts on a new
// 127.0.0.1 listener, through server.TLSListener with cfg.TLSConfig(), until
// the test ends, when it shuts the server down. It returns the listener's
// address and the server's log lines (the first 64 are kept).
func serve(t *testing.T, cfg *tonictls.Config, opts server.Options) (addr string, logs logLines) {
	t.Helper()
	logs = make(logLines, 64)
	srv, err := server.New(echoHandler, zerolog.New(logs), opts)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(server.TLSListener(ln, cfg.TLSConfig())) }()
	t.Cleanup(func() {
		if err := srv.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-done; !errors.Is(err, server.ErrServerClosed) {
			t.Errorf("Serve: got %v, want server.ErrServerClosed", err)
		}
	})
	return ln.Addr().String(), logs
}

// client returns an HTTP client that trusts roots and has its TLS
// configuration adjusted by mod (if not nil). It attempts HTTP/2 unless mod
// sets NextProtos without "h2". Its idle connections are closed when the
// test ends.
func client(t *testing.T, roots *x509.CertPool, mod func(*cryptotls.Config)) *http.Client {
	t.Helper()
	tc := &cryptotls.Config{RootCAs: roots}
	if mod != nil {
		mod(tc)
	}
	h2 := tc.NextProtos == nil || slices.Contains(tc.NextProtos, "h2")
	tr := &http.Transport{TLSClientConfig: tc, ForceAttemptHTTP2: h2}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// get requests url with c and returns the response, whose body is read and
// closed into body.
func get(c *http.Client, url string) (resp *http.Response, body string, err error) {
	resp, err = c.Get(url)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

// logLines is an io.Writer for a zerolog.Logger that passes each line on;
// lines beyond its buffer are dropped.
type logLines chan string

func (l logLines) Write(p []byte) (int, error) {
	select {
	case l <- string(p):
	default:
	}
	return len(p), nil
}

// waitFor waits for a line that contains want, failing the test if none
// comes within generousDeadline.
func (l logLines) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(generousDeadline)
	for {
		select {
		case line := <-l:
			if strings.Contains(line, want) {
				return
			}
		case <-deadline:
			t.Fatalf("server log: got no message containing %q", want)
		}
	}
}
