package tls_test

import (
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/server"
	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// TestWarnAtStartup proves that a certificate outside its validity window is
// served by a live server, and reported to Warn once, as a *ValidityError
// naming its file, when New loads it (not again at the handshake), while a
// valid one is not reported.
func TestWarnAtStartup(t *testing.T) {
	t.Parallel()
	now := time.Now()
	tests := []struct {
		name     string
		opts     tonictls.SelfSignedOptions
		inMemory bool
		wantIs   error // nil: no warning
	}{
		{name: "valid", opts: tonictls.SelfSignedOptions{}},
		{name: "expired", opts: tonictls.SelfSignedOptions{NotBefore: now.Add(-48 * time.Hour), ValidFor: time.Hour}, wantIs: tonictls.ErrExpired},
		{name: "not yet valid", opts: tonictls.SelfSignedOptions{NotBefore: now.Add(time.Hour)}, wantIs: tonictls.ErrNotYetValid},
		{name: "expired, in memory", opts: tonictls.SelfSignedOptions{NotBefore: now.Add(-48 * time.Hour), ValidFor: time.Hour}, inMemory: true, wantIs: tonictls.ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ss := selfSigned(t, tt.opts)
			var w warnings
			opts := tonictls.Options{Certificate: &ss.Certificate, Warn: w.warn}
			if !tt.inMemory {
				opts = tonictls.Options{Warn: w.warn}
				opts.CertFile, opts.KeyFile = writePair(t, t.TempDir(), ss)
			}
			cfg := newConfig(t, opts)
			if !cfg.Leaf().Equal(ss.Certificate.Leaf) {
				t.Errorf("Leaf: got serial %v, want the loaded certificate", cfg.Leaf().SerialNumber)
			}
			addr, _ := serve(t, cfg, server.Options{})
			if got := servedLeaf(t, addr, ss); !got.Equal(ss.Certificate.Leaf) {
				t.Errorf("served: got serial %v, want the loaded certificate", got.SerialNumber)
			}
			got := w.all()
			if tt.wantIs == nil {
				if len(got) != 0 {
					t.Errorf("warnings: got %v, want none", got)
				}
				return
			}
			if len(got) != 1 || !errors.Is(got[0], tt.wantIs) {
				t.Fatalf("warnings: got %v, want one wrapping %v", got, tt.wantIs)
			}
			var ve *tonictls.ValidityError
			if !errors.As(got[0], &ve) || ve.File != opts.CertFile || !ve.NotAfter.Equal(ss.Certificate.Leaf.NotAfter) {
				t.Errorf("warning: got %#v, want a *ValidityError for %q", got[0], opts.CertFile)
			}
		})
	}
}

// TestExpiryWhileServing proves, with the Config's clock moved past the
// certificate's NotAfter, that a live server keeps serving the certificate,
// reports the expiry to Warn once between concurrent handshakes, and that
// Reload then refuses the same (expired) pair.
func TestExpiryWhileServing(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	certFile, keyFile := writePair(t, t.TempDir(), ss)
	var w warnings
	cfg := newConfig(t, tonictls.Options{CertFile: certFile, KeyFile: keyFile, Warn: w.warn})
	if got := w.all(); len(got) != 0 {
		t.Fatalf("warnings at load: got %v, want none", got)
	}
	tonictls.SetClock(cfg, func() time.Time { return ss.Certificate.Leaf.NotAfter.Add(time.Minute) })
	addr, _ := serve(t, cfg, server.Options{})

	var wg sync.WaitGroup
	for range 8 { // each with its own client, so its own handshake
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := servedLeaf(t, addr, ss); got != nil && !got.Equal(ss.Certificate.Leaf) {
				t.Errorf("served: got serial %v, want the loaded certificate", got.SerialNumber)
			}
		}()
	}
	wg.Wait()
	got := w.all()
	var ve *tonictls.ValidityError
	if len(got) != 1 || !errors.As(got[0], &ve) || !errors.Is(ve, tonictls.ErrExpired) || ve.File != certFile {
		t.Fatalf("warnings: got %v, want one *ValidityError wrapping ErrExpired for %s", got, certFile)
	}
	if err := cfg.Reload(); !errors.Is(err, tonictls.ErrExpired) {
		t.Errorf("Reload: got %v, want ErrExpired", err)
	}
	if !cfg.Leaf().Equal(ss.Certificate.Leaf) {
		t.Errorf("Leaf after a refused Reload: got serial %v, want the loaded certificate", cfg.Leaf().SerialNumber)
	}
}

// servedLeaf makes a request to addr with a new client that trusts ss and
// checks certificates as of a minute after ss's NotBefore, so that a pair
// outside its window today still verifies, and returns the certificate the
// server presented. On error it fails the test (from any goroutine) and
// returns nil.
func servedLeaf(t *testing.T, addr string, ss *tonictls.SelfSignedCert) *x509.Certificate {
	t.Helper()
	at := ss.Certificate.Leaf.NotBefore.Add(time.Minute)
	c := client(t, ss.CertPool(), func(tc *cryptotls.Config) { tc.Time = func() time.Time { return at } })
	resp, _, err := get(c, "https://"+addr+"/")
	if err != nil {
		t.Errorf("GET: %v", err)
		return nil
	}
	return resp.TLS.PeerCertificates[0]
}

func TestValidityErrorMessage(t *testing.T) {
	t.Parallel()
	notBefore := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	notAfter := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		err    tonictls.ValidityError
		want   string
		wantIs error
	}{
		{
			name:   "expired file",
			err:    tonictls.ValidityError{File: "/etc/tonic/cert.pem", Subject: "CN=api.example.com", NotBefore: notBefore, NotAfter: notAfter, Now: notAfter.Add(time.Hour)},
			want:   "tls: certificate /etc/tonic/cert.pem (CN=api.example.com) expired at 2025-04-01T00:00:00Z (now 2025-04-01T01:00:00Z)",
			wantIs: tonictls.ErrExpired,
		},
		{
			name:   "not yet valid, in memory, no subject",
			err:    tonictls.ValidityError{NotBefore: notBefore, NotAfter: notAfter, Now: notBefore.Add(-time.Minute)},
			want:   "tls: certificate is not valid before 2025-01-01T00:00:00Z (now 2024-12-31T23:59:00Z)",
			wantIs: tonictls.ErrNotYetValid,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error: got %q, want %q", got, tt.want)
			}
			if !errors.Is(&tt.err, tt.wantIs) {
				t.Errorf("errors.Is: got false, want true for %v", tt.wantIs)
			}
		})
	}
}
