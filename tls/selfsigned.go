package tls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	cryptotls "crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"
)

// DefaultSelfSignedValidity is how long a SelfSigned certificate is valid
// when SelfSignedOptions.ValidFor is zero.
const DefaultSelfSignedValidity = 24 * time.Hour

// selfSignedBackdate is how far before now a SelfSigned certificate becomes
// valid by default, to absorb clock skew between server and client.
const selfSignedBackdate = time.Hour

// SelfSignedOptions configures SelfSigned.
type SelfSignedOptions struct {
	// Hosts are the DNS names and IP addresses the certificate is valid for.
	// Defaults to "localhost", "127.0.0.1" and "::1".
	Hosts []string
	// NotBefore is when the certificate becomes valid. Defaults to an hour
	// before now.
	NotBefore time.Time
	// ValidFor is how long after NotBefore the certificate stays valid.
	// Defaults to DefaultSelfSignedValidity.
	ValidFor time.Duration
}

// SelfSignedCert is a self-signed certificate and its key, in the forms a
// server and its clients need.
type SelfSignedCert struct {
	// Certificate is the pair for a server: Options.Certificate, or
	// crypto/tls.Config.Certificates. Its Leaf is set.
	Certificate cryptotls.Certificate
	// CertPEM is the certificate as a PEM CERTIFICATE block, for a
	// certificate file or a client's trust store.
	CertPEM []byte
	// KeyPEM is the private key as a PEM PKCS #8 PRIVATE KEY block, for a
	// key file.
	KeyPEM []byte
}

// SelfSigned returns a new self-signed certificate for development and
// tests: an ECDSA P-256 key, the hosts of opts as subject alternative names,
// and a short validity. The certificate may authenticate a server or a
// client, and it is its own CA, so a CertPool holding it (see CertPool)
// verifies it. It is an error when a host is empty or ValidFor is negative.
func SelfSigned(opts SelfSignedOptions) (*SelfSignedCert, error) {
	tmpl, err := selfSignedTemplate(opts, time.Now())
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("tls: generate key: %w", err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("tls: create certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("tls: parse new certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("tls: marshal key: %w", err)
	}
	return &SelfSignedCert{
		Certificate: cryptotls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf},
		CertPEM:     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:      pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
	}, nil
}

// selfSignedTemplate returns the certificate template for opts at now.
func selfSignedTemplate(opts SelfSignedOptions, now time.Time) (*x509.Certificate, error) {
	if opts.ValidFor < 0 {
		return nil, fmt.Errorf("tls: SelfSignedOptions.ValidFor %s is negative", opts.ValidFor)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("tls: serial number: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"tonic development"}, CommonName: "tonic self-signed"},
		NotBefore:             opts.NotBefore,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = now.Add(-selfSignedBackdate)
	}
	validFor := opts.ValidFor
	if validFor == 0 {
		validFor = DefaultSelfSignedValidity
	}
	tmpl.NotAfter = tmpl.NotBefore.Add(validFor)
	return tmpl, addHosts(tmpl, opts.Hosts)
}

// addHosts sets the subject alternative names of tmpl to hosts, or to the
// loopback names when hosts is empty.
func addHosts(tmpl *x509.Certificate, hosts []string) error {
	if len(hosts) == 0 {
		hosts = []string{"localhost", "127.0.0.1", "::1"}
	}
	for _, h := range hosts {
		switch ip := net.ParseIP(h); {
		case h == "":
			return errors.New("tls: SelfSignedOptions.Hosts has an empty host")
		case ip != nil:
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		default:
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	return nil
}

// CertPool returns a new pool that trusts s alone, for a client's
// crypto/tls.Config.RootCAs or a server's ClientCAs.
func (s *SelfSignedCert) CertPool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(s.Certificate.Leaf)
	return pool
}
