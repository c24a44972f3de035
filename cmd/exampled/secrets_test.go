package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// fakeFds passes files the way tableflip does: each side gets its own
// duplicate of the descriptor.
type fakeFds struct {
	t     *testing.T
	files map[string]*os.File
}

func newFakeFds(t *testing.T) *fakeFds {
	f := &fakeFds{t: t, files: map[string]*os.File{}}
	t.Cleanup(func() {
		for _, file := range f.files {
			file.Close()
		}
	})
	return f
}

func (f *fakeFds) dup(file *os.File) *os.File {
	fd, err := syscall.Dup(int(file.Fd()))
	if err != nil {
		f.t.Fatal(err)
	}
	return os.NewFile(uintptr(fd), file.Name())
}

func (f *fakeFds) File(name string) (*os.File, error) {
	if file := f.files[name]; file != nil {
		return f.dup(file), nil
	}
	return nil, nil
}

func (f *fakeFds) AddFile(name string, file *os.File) error {
	if old := f.files[name]; old != nil {
		old.Close()
	}
	f.files[name] = f.dup(file)
	return nil
}

// next returns the Fds of the process that replaces this one: it inherits
// the files this one added.
func (f *fakeFds) next() *fakeFds {
	n := newFakeFds(f.t)
	for name, file := range f.files {
		n.files[name] = f.dup(file)
	}
	return n
}

func TestHandOverKeepsGeneratedSecrets(t *testing.T) {
	t.Parallel()
	log := zerolog.Nop()
	cfg := config{tlsListen: "127.0.0.1:0"}
	first := newFakeFds(t)
	s1, err := handOver(first, cfg, &log)
	if err != nil {
		t.Fatal(err)
	}
	if s1.auth.user != defaultUser || len(s1.auth.password) != base64.RawURLEncoding.EncodedLen(passwordBytes) {
		t.Errorf("generated credentials: got %q:%q, want user %s and a %d-character password", s1.auth.user, s1.auth.password,
			defaultUser, base64.RawURLEncoding.EncodedLen(passwordBytes))
	}
	if s1.tls == nil || s1.pin == "" || s1.reloadable {
		t.Fatalf("generated certificate: got config %v, pin %q, reloadable %v; want a self-signed one with a pin", s1.tls, s1.pin, s1.reloadable)
	}
	if err := s1.tls.Leaf().VerifyHostname("127.0.0.1"); err != nil {
		t.Errorf("the generated certificate: %v", err)
	}
	s2, err := handOver(first.next(), cfg, &log)
	if err != nil {
		t.Fatal(err)
	}
	if s2.auth != s1.auth || s2.pin != s1.pin {
		t.Errorf("the next process: got %v and pin %s, want %v and pin %s", s2.auth, s2.pin, s1.auth, s1.pin)
	}
	s3, err := handOver(newFakeFds(t), cfg, &log)
	if err != nil {
		t.Fatal(err)
	}
	if s3.auth == s1.auth || s3.pin == s1.pin {
		t.Errorf("a process started afresh: got the secrets of another (%v, %s), want new ones", s3.auth, s3.pin)
	}
}

func TestResolveSecrets(t *testing.T) {
	t.Parallel()
	log := zerolog.Nop()
	now := time.Now()
	ss, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{ValidFor: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	expiring, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{ValidFor: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, ss.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, ss.KeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	given := &credentials{user: "bob", password: "pw"}
	inheritedCert := generated{CertPEM: string(ss.CertPEM), KeyPEM: string(ss.KeyPEM)}
	tests := []struct {
		name      string
		cfg       config
		inherited generated
		auth      *credentials // nil: generated
		wantGen   string       // generated.Auth: "" or "generated"
		pin       string       // "", "inherited", "new"
	}{
		{"configured credentials win", config{auth: given}, generated{Auth: "exampled:old"}, given, "", ""},
		{"inherited credentials", config{}, generated{Auth: "exampled:old"}, &credentials{user: "exampled", password: "old"}, "exampled:old", ""},
		{"no TLS, no certificate", config{auth: given}, inheritedCert, given, "", ""},
		{"inherited certificate", config{auth: given, tlsListen: ":0"}, inheritedCert, given, "", "inherited"},
		{"an inherited certificate about to expire is replaced", config{auth: given, tlsListen: ":0"},
			generated{CertPEM: string(expiring.CertPEM), KeyPEM: string(expiring.KeyPEM)}, given, "", "new"},
		{"a broken inherited certificate is replaced", config{auth: given, tlsListen: ":0"}, generated{CertPEM: "x", KeyPEM: "y"}, given, "", "new"},
		{"certificate files", config{auth: given, tlsListen: ":0", tlsCert: certFile, tlsKey: keyFile}, inheritedCert, given, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := resolveSecrets(tt.cfg, tt.inherited, &log, now)
			if err != nil {
				t.Fatal(err)
			}
			if s.auth != *tt.auth || s.generated.Auth != tt.wantGen {
				t.Errorf("credentials: got %v (handed on %q), want %v (handed on %q)", s.auth, s.generated.Auth, *tt.auth, tt.wantGen)
			}
			old := publicKeyPin(ss.Certificate)
			switch {
			case tt.pin == "" && s.pin != "",
				tt.pin == "inherited" && s.pin != old,
				tt.pin == "new" && (s.pin == "" || s.pin == old):
				t.Errorf("pin: got %q, want %s (the inherited one is %s)", s.pin, tt.pin, old)
			}
			if (tt.cfg.tlsListen != "") != (s.tls != nil) || s.reloadable != (tt.cfg.tlsCert != "") {
				t.Errorf("TLS: got config %v, reloadable %v; want one when -tls-listen is set, reloadable with files", s.tls, s.reloadable)
			}
			if tt.pin != "" && s.generated.CertPEM == "" {
				t.Errorf("the generated certificate is not handed on")
			}
		})
	}
}

func TestResolveSecretsErrors(t *testing.T) {
	t.Parallel()
	log := zerolog.Nop()
	cfg := config{tlsListen: ":0", tlsCert: filepath.Join(t.TempDir(), "missing.pem"), tlsKey: "key.pem"}
	_, err := resolveSecrets(cfg, generated{}, &log, time.Now())
	if err == nil || !strings.HasPrefix(err.Error(), "-tls-cert, -tls-key: ") || !strings.Contains(err.Error(), "missing.pem") {
		t.Errorf("a missing certificate file: got %v, want an error naming the flags and the file", err)
	}
}

func TestSelfSignedHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		listen string
		extra  []string // the hosts the certificate is valid for beyond the loopback names
	}{
		{"127.0.0.1:8443", nil},
		{":8443", nil},
		{"0.0.0.0:8443", nil},
		{"192.0.2.7:8443", []string{"192.0.2.7"}},
		{"api.example.test:8443", []string{"api.example.test"}},
	}
	for _, tt := range tests {
		t.Run(tt.listen, func(t *testing.T) {
			t.Parallel()
			cert, _, _, err := selfSigned(tt.listen, generated{}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			want := append([]string{"localhost", "127.0.0.1", "::1"}, tt.extra...)
			for _, h := range want {
				if err := cert.Leaf.VerifyHostname(h); err != nil {
					t.Error(err)
				}
			}
			if n := len(cert.Leaf.DNSNames) + len(cert.Leaf.IPAddresses); n != len(want) {
				t.Errorf("got names %v %v, want %v", cert.Leaf.DNSNames, cert.Leaf.IPAddresses, want)
			}
		})
	}
}
