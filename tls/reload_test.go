package tls_test

import (
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/server"
	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// reloadFixture serves echoHandler on a live server.Server with a Config
// read from files that hold old, and gives clients that trust both old and
// new.
type reloadFixture struct {
	dir, certFile, keyFile string
	old, new               *tonictls.SelfSignedCert
	cfg                    *tonictls.Config
	addr                   string
	roots                  *x509.CertPool
}

func newReloadFixture(t *testing.T) *reloadFixture {
	t.Helper()
	f := &reloadFixture{dir: t.TempDir(), roots: x509.NewCertPool()}
	f.old = selfSigned(t, tonictls.SelfSignedOptions{})
	f.new = selfSigned(t, tonictls.SelfSignedOptions{})
	f.roots.AddCert(f.old.Certificate.Leaf)
	f.roots.AddCert(f.new.Certificate.Leaf)
	f.certFile, f.keyFile = writePair(t, f.dir, f.old)
	f.cfg = newConfig(t, tonictls.Options{CertFile: f.certFile, KeyFile: f.keyFile, Warn: failWarn(t)})
	f.addr, _ = serve(t, f.cfg, server.Options{})
	return f
}

// served makes a request with c and returns the TLS state of the connection
// and whether the connection was reused. The body is read to its
// end, so that an HTTP/1.1 connection can be reused.
func (f *reloadFixture) served(t *testing.T, c *http.Client) (state *cryptotls.ConnectionState, reused bool) {
	t.Helper()
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused }}
	req, err := http.NewRequest(http.MethodGet, "https://"+f.addr+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET: got status %d and body error %v, want 200 and nil", resp.StatusCode, err)
	}
	return resp.TLS, reused
}

// assertServes checks that a new handshake gets want and that Leaf is want.
func (f *reloadFixture) assertServes(t *testing.T, want *tonictls.SelfSignedCert, name string) {
	t.Helper()
	state, _ := f.served(t, client(t, f.roots, nil))
	if got := state.PeerCertificates[0]; !got.Equal(want.Certificate.Leaf) {
		t.Errorf("new handshake: got serial %v, want the %s certificate %v", got.SerialNumber, name, want.Certificate.Leaf.SerialNumber)
	}
	if leaf := f.cfg.Leaf(); !leaf.Equal(want.Certificate.Leaf) {
		t.Errorf("Leaf: got serial %v, want the %s certificate %v", leaf.SerialNumber, name, want.Certificate.Leaf.SerialNumber)
	}
}

// TestReload proves that after Reload a new handshake gets the new
// certificate while a kept-alive connection made before keeps working with
// the old one.
func TestReload(t *testing.T) {
	t.Parallel()
	for _, proto := range []string{"h2", "http/1.1"} {
		t.Run(proto, func(t *testing.T) {
			t.Parallel()
			f := newReloadFixture(t)
			keptAlive := client(t, f.roots, func(tc *cryptotls.Config) { tc.NextProtos = []string{proto} })
			state, _ := f.served(t, keptAlive)
			if cert := state.PeerCertificates[0]; !cert.Equal(f.old.Certificate.Leaf) || state.NegotiatedProtocol != proto {
				t.Fatalf("before reload: got serial %v over %q, want the old certificate over %q", cert.SerialNumber, state.NegotiatedProtocol, proto)
			}
			writePair(t, f.dir, f.new)
			if err := f.cfg.Reload(); err != nil {
				t.Fatalf("Reload: %v", err)
			}
			f.assertServes(t, f.new, "new")
			state, reused := f.served(t, keptAlive)
			if cert := state.PeerCertificates[0]; !reused || !cert.Equal(f.old.Certificate.Leaf) {
				t.Errorf("old connection: got reused=%v with serial %v, want reused=true with the old certificate", reused, cert.SerialNumber)
			}
		})
	}
}

// TestReloadKeepsOldOnError proves that a reload of a bad pair, or of one
// outside its validity window, returns an error naming the file and keeps
// the current certificate.
func TestReloadKeepsOldOnError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		breakIt  func(t *testing.T, f *reloadFixture)
		wantFile func(f *reloadFixture) string
		wantIs   error
	}{
		{
			name:     "cert file garbage",
			breakIt:  func(t *testing.T, f *reloadFixture) { writeFile(t, f.dir, "cert.pem", []byte("garbage")) },
			wantFile: func(f *reloadFixture) string { return f.certFile },
		},
		{
			name:     "cert file removed",
			breakIt:  func(t *testing.T, f *reloadFixture) { removeFile(t, f.certFile) },
			wantFile: func(f *reloadFixture) string { return f.certFile },
			wantIs:   os.ErrNotExist,
		},
		{
			name:     "new cert with the old key",
			breakIt:  func(t *testing.T, f *reloadFixture) { writeFile(t, f.dir, "cert.pem", f.new.CertPEM) },
			wantFile: func(f *reloadFixture) string { return f.keyFile },
		},
		{
			name: "expired pair",
			breakIt: func(t *testing.T, f *reloadFixture) {
				writePair(t, f.dir, selfSigned(t, tonictls.SelfSignedOptions{NotBefore: time.Now().Add(-48 * time.Hour), ValidFor: time.Hour}))
			},
			wantFile: func(f *reloadFixture) string { return f.certFile },
			wantIs:   tonictls.ErrExpired,
		},
		{
			name: "pair not yet valid",
			breakIt: func(t *testing.T, f *reloadFixture) {
				writePair(t, f.dir, selfSigned(t, tonictls.SelfSignedOptions{NotBefore: time.Now().Add(time.Hour)}))
			},
			wantFile: func(f *reloadFixture) string { return f.certFile },
			wantIs:   tonictls.ErrNotYetValid,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newReloadFixture(t)
			tt.breakIt(t, f)
			err := f.cfg.Reload()
			if err == nil || !strings.Contains(err.Error(), tt.wantFile(f)) {
				t.Fatalf("Reload: got %v, want an error naming %s", err, tt.wantFile(f))
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("Reload: got %v, want errors.Is %v", err, tt.wantIs)
			}
			f.assertServes(t, f.old, "old")
		})
	}
}

// TestReloadInMemory proves that Reload of an in-memory certificate does
// nothing and succeeds.
func TestReloadInMemory(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, Warn: failWarn(t)})
	if err := cfg.Reload(); err != nil {
		t.Errorf("Reload: got %v, want nil", err)
	}
	if !cfg.Leaf().Equal(ss.Certificate.Leaf) {
		t.Errorf("Leaf: got serial %v, want %v", cfg.Leaf().SerialNumber, ss.Certificate.Leaf.SerialNumber)
	}
}

func removeFile(t *testing.T, name string) {
	t.Helper()
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
}
