package tls_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	cryptotls "crypto/tls"
	"crypto/x509"
	"net"
	"reflect"
	"testing"
	"time"

	tonictls "github.com/seed78c03fa0/tonic/tls"
)

func TestSelfSigned(t *testing.T) {
	t.Parallel()
	notBefore := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		name         string
		opts         tonictls.SelfSignedOptions
		wantDNS      []string
		wantIPs      []string
		wantValidFor time.Duration
		verifyAs     []string // names the CertPool verifies the certificate for
		refuseAs     string
	}{
		{
			name:         "defaults",
			wantDNS:      []string{"localhost"},
			wantIPs:      []string{"127.0.0.1", "::1"},
			wantValidFor: tonictls.DefaultSelfSignedValidity,
			verifyAs:     []string{"localhost", "127.0.0.1", "::1"},
			refuseAs:     "example.test",
		},
		{
			name:         "hosts and validity",
			opts:         tonictls.SelfSignedOptions{Hosts: []string{"api.example.test", "10.1.2.3"}, NotBefore: notBefore, ValidFor: time.Hour},
			wantDNS:      []string{"api.example.test"},
			wantIPs:      []string{"10.1.2.3"},
			wantValidFor: time.Hour,
			verifyAs:     []string{"api.example.test", "10.1.2.3"},
			refuseAs:     "localhost",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ss := selfSigned(t, tt.opts)
			leaf := ss.Certificate.Leaf
			key, ok := ss.Certificate.PrivateKey.(*ecdsa.PrivateKey)
			if !ok || key.Curve != elliptic.P256() {
				t.Errorf("key: got %T, want an ECDSA P-256 key", ss.Certificate.PrivateKey)
			}
			if !reflect.DeepEqual(leaf.DNSNames, tt.wantDNS) || !reflect.DeepEqual(ipStrings(leaf.IPAddresses), tt.wantIPs) {
				t.Errorf("SANs: got %q %q, want %q %q", leaf.DNSNames, ipStrings(leaf.IPAddresses), tt.wantDNS, tt.wantIPs)
			}
			if got := leaf.NotAfter.Sub(leaf.NotBefore); got != tt.wantValidFor {
				t.Errorf("validity: got %s, want %s", got, tt.wantValidFor)
			}
			if !tt.opts.NotBefore.IsZero() && !leaf.NotBefore.Equal(tt.opts.NotBefore) {
				t.Errorf("NotBefore: got %s, want %s", leaf.NotBefore, tt.opts.NotBefore)
			}
			verifyAt := leaf.NotBefore.Add(time.Minute)
			for _, name := range tt.verifyAs {
				if err := verify(ss, name, verifyAt); err != nil {
					t.Errorf("verify as %s: %v", name, err)
				}
			}
			if err := verify(ss, tt.refuseAs, verifyAt); err == nil {
				t.Errorf("verify as %s: got nil error, want a name mismatch", tt.refuseAs)
			}
			pair, err := cryptotls.X509KeyPair(ss.CertPEM, ss.KeyPEM)
			if err != nil || !reflect.DeepEqual(pair.Certificate, ss.Certificate.Certificate) {
				t.Errorf("PEM forms: got %v, want the same certificate and a matching key", err)
			}
		})
	}
}

func TestSelfSignedRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts tonictls.SelfSignedOptions
		want string
	}{
		{"empty host", tonictls.SelfSignedOptions{Hosts: []string{"localhost", ""}}, "tls: SelfSignedOptions.Hosts has an empty host"},
		{"negative validity", tonictls.SelfSignedOptions{ValidFor: -time.Hour}, "tls: SelfSignedOptions.ValidFor -1h0m0s is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := tonictls.SelfSigned(tt.opts); err == nil || err.Error() != tt.want {
				t.Errorf("SelfSigned: got %v, want %q", err, tt.want)
			}
		})
	}
}

// verify checks ss against its own CertPool for a server named name, then
// for a client, at the time at.
func verify(ss *tonictls.SelfSignedCert, name string, at time.Time) error {
	leaf := ss.Certificate.Leaf
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: ss.CertPool(), CurrentTime: at}); err != nil {
		return err
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: ss.CertPool(), CurrentTime: at, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	return err
}

func ipStrings(ips []net.IP) []string {
	out := make([]string, len(ips))
	for i, ip := range ips {
		out[i] = ip.String()
	}
	return out
}
