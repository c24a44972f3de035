package tls_test

import (
	cryptotls "crypto/tls"
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tonictls "github.com/seed78c03fa0/tonic/tls"
)

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	tests := []struct {
		name       string
		minVersion uint16
		want       uint16
	}{
		{name: "default minimum is TLS 1.2", want: cryptotls.VersionTLS12},
		{name: "explicit TLS 1.2", minVersion: cryptotls.VersionTLS12, want: cryptotls.VersionTLS12},
		{name: "raised to TLS 1.3", minVersion: cryptotls.VersionTLS13, want: cryptotls.VersionTLS13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := newConfig(t, tonictls.Options{Certificate: &ss.Certificate, MinVersion: tt.minVersion, Warn: failWarn(t)})
			tc := cfg.TLSConfig()
			if tc.MinVersion != tt.want {
				t.Errorf("MinVersion: got %s, want %s", cryptotls.VersionName(tc.MinVersion), cryptotls.VersionName(tt.want))
			}
			// Pinned lists would turn off Go's post-quantum key exchange.
			if tc.CipherSuites != nil || tc.CurvePreferences != nil {
				t.Errorf("CipherSuites, CurvePreferences: got %v, %v, want nil, nil", tc.CipherSuites, tc.CurvePreferences)
			}
			if want := []string{"h2", "http/1.1"}; !reflect.DeepEqual(tc.NextProtos, want) {
				t.Errorf("NextProtos: got %q, want %q", tc.NextProtos, want)
			}
			if tc.ClientAuth != cryptotls.NoClientCert || tc.ClientCAs != nil {
				t.Errorf("ClientAuth: got %v with ClientCAs %v, want NoClientCert and nil", tc.ClientAuth, tc.ClientCAs)
			}
			if got := cfg.Leaf(); !got.Equal(ss.Certificate.Leaf) {
				t.Errorf("Leaf: got serial %v, want %v", got.SerialNumber, ss.Certificate.Leaf.SerialNumber)
			}
		})
	}
}

func TestNewRejectsOptions(t *testing.T) {
	t.Parallel()
	ss := selfSigned(t, tonictls.SelfSignedOptions{})
	warn := func(error) {}
	tests := []struct {
		name string
		opts tonictls.Options
		want string
	}{
		{"nil Warn", tonictls.Options{Certificate: &ss.Certificate}, "tls: Options.Warn is nil"},
		{"TLS 1.1 minimum", tonictls.Options{Certificate: &ss.Certificate, Warn: warn, MinVersion: cryptotls.VersionTLS11}, "tls: Options.MinVersion TLS 1.1 is not TLS 1.2 or TLS 1.3"},
		{"TLS 1.0 minimum", tonictls.Options{Certificate: &ss.Certificate, Warn: warn, MinVersion: cryptotls.VersionTLS10}, "tls: Options.MinVersion TLS 1.0 is not TLS 1.2 or TLS 1.3"},
		{"no certificate", tonictls.Options{Warn: warn}, "tls: Options needs CertFile and KeyFile, or Certificate"},
		{"both certificates", tonictls.Options{Certificate: &ss.Certificate, CertFile: "c.pem", Warn: warn}, "tls: Options has both Certificate and CertFile/KeyFile"},
		{"no key file", tonictls.Options{CertFile: "c.pem", Warn: warn}, "tls: key file name is empty"},
		{"no cert file", tonictls.Options{KeyFile: "k.pem", Warn: warn}, "tls: certificate file name is empty"},
		{"certificate without key", tonictls.Options{Certificate: &cryptotls.Certificate{Certificate: ss.Certificate.Certificate}, Warn: warn}, "tls: Options.Certificate needs a certificate chain and a private key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := tonictls.New(tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("New: got %v, want %q", err, tt.want)
			}
			if cfg != nil {
				t.Errorf("New: got a Config with the error, want nil")
			}
		})
	}
}

// TestNewFileErrors proves that every bad file at startup is an error that
// names it (both files for a key that is not the certificate's).
func TestNewFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := selfSigned(t, tonictls.SelfSignedOptions{})
	other := selfSigned(t, tonictls.SelfSignedOptions{})
	certFile, keyFile := writePair(t, dir, good)
	otherKey := writeFile(t, dir, "other-key.pem", other.KeyPEM)
	missing := filepath.Join(dir, "missing.pem")
	garbage := writeFile(t, dir, "garbage.pem", []byte("not PEM at all\n"))
	keyOnly := writeFile(t, dir, "key-only.pem", good.KeyPEM)
	corrupt := writeFile(t, dir, "corrupt.pem", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	empty := writeFile(t, dir, "empty.pem", nil)
	tests := []struct {
		name          string
		cert, key, ca string
		wantFiles     []string
		wantText      string
		wantNotExist  bool
	}{
		{name: "missing cert", cert: missing, key: keyFile, wantFiles: []string{missing}, wantNotExist: true},
		{name: "unreadable cert (a directory)", cert: dir, key: keyFile, wantFiles: []string{dir}, wantText: "is a directory"},
		{name: "cert not PEM", cert: garbage, key: keyFile, wantFiles: []string{garbage}, wantText: "no PEM CERTIFICATE block"},
		{name: "cert holds only a key", cert: keyOnly, key: keyFile, wantFiles: []string{keyOnly}, wantText: "no PEM CERTIFICATE block"},
		{name: "cert block corrupt", cert: corrupt, key: keyFile, wantFiles: []string{corrupt}, wantText: "certificate 1"},
		{name: "missing key", cert: certFile, key: missing, wantFiles: []string{missing}, wantNotExist: true},
		{name: "key not PEM", cert: certFile, key: garbage, wantFiles: []string{garbage, certFile}},
		{name: "key of another certificate", cert: certFile, key: otherKey, wantFiles: []string{otherKey, certFile}, wantText: "does not match"},
		{name: "missing client CA", cert: certFile, key: keyFile, ca: missing, wantFiles: []string{missing}, wantNotExist: true},
		{name: "empty client CA", cert: certFile, key: keyFile, ca: empty, wantFiles: []string{empty}, wantText: "no PEM CERTIFICATE block"},
		{name: "client CA not PEM", cert: certFile, key: keyFile, ca: garbage, wantFiles: []string{garbage}, wantText: "no PEM CERTIFICATE block"},
		{name: "client CA corrupt", cert: certFile, key: keyFile, ca: corrupt, wantFiles: []string{corrupt}, wantText: "certificate 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tonictls.New(tonictls.Options{CertFile: tt.cert, KeyFile: tt.key, ClientCAFile: tt.ca, Warn: failWarn(t)})
			if err == nil {
				t.Fatal("New: got nil error, want one")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "tls: ") {
				t.Errorf("error: got %q, want the prefix %q", msg, "tls: ")
			}
			for _, f := range tt.wantFiles {
				if !strings.Contains(msg, f) {
					t.Errorf("error: got %q, want it to name %s", msg, f)
				}
			}
			if tt.wantText != "" && !strings.Contains(msg, tt.wantText) {
				t.Errorf("error: got %q, want it to contain %q", msg, tt.wantText)
			}
			if got := errors.Is(err, fs.ErrNotExist); got != tt.wantNotExist {
				t.Errorf("errors.Is(err, fs.ErrNotExist): got %v, want %v", got, tt.wantNotExist)
			}
		})
	}
}
