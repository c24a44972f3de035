package tls

import (
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
)

// Options configures New. The certificate comes either from files (CertFile
// and KeyFile, which Reload reads again) or from memory (Certificate).
type Options struct {
	// CertFile is the PEM certificate chain, leaf first.
	CertFile string
	// KeyFile is the PEM private key of the leaf certificate.
	KeyFile string
	// Certificate is an in-memory certificate and key, such as
	// SelfSigned's, used instead of CertFile and KeyFile. Reload does
	// nothing for it.
	Certificate *cryptotls.Certificate
	// ClientCAFile turns on client-certificate authentication (mTLS) when
	// set: every client must present a certificate that chains to one of
	// the PEM certificates in this file, or its handshake fails. New reads
	// it once; a file without a certificate is an error. Defaults to "": no
	// client certificate is asked for.
	ClientCAFile string
	// MinVersion is the lowest TLS version accepted:
	// crypto/tls.VersionTLS12 or VersionTLS13. Defaults to VersionTLS12;
	// anything older is refused with an error.
	MinVersion uint16
	// Warn receives the certificate problems that do not stop serving, each
	// a *ValidityError: a certificate that is expired or not yet valid when
	// New loads it (New still succeeds, since refusing to start would take
	// down every listener), and one that expires while being served
	// (reported once, at the first handshake after its NotAfter). Point it
	// at the service's logger at error level. Required: New returns an
	// error when it is nil. It is called from handshakes, so it must be
	// quick and safe for concurrent use.
	Warn func(error)
}

// Both satisfy the interface a server's SIGHUP handling calls.
var (
	_ interface{ Reload() error } = (*Config)(nil)
	_ interface{ Reload() error } = (*CertSource)(nil)
)

// Config is a server TLS configuration with modern defaults and a
// reloadable certificate:
//
//   - TLS 1.2 at least (Options.MinVersion may raise it to 1.3);
//   - the cipher suites and key-exchange groups that crypto/tls chooses
//     (neither list is pinned, so Go's post-quantum hybrid key exchange and
//     future improvements stay on);
//   - HTTP/2 and HTTP/1.1 offered through ALPN ("h2", "http/1.1");
//   - the certificate served through a CertSource, so Reload swaps it for
//     new handshakes;
//   - client certificates required and verified when Options.ClientCAFile
//     is set.
//
// Serve it through its TLSConfig, given to the server package (see the
// package documentation). A Config is safe for concurrent use.
type Config struct {
	tls   *cryptotls.Config
	certs *CertSource
}

// New returns a Config built from opts. It is an error, naming the file at
// fault, when a certificate, key or client CA file cannot be read or parsed,
// or the key does not match the certificate; and it is an error when opts
// is inconsistent (no certificate, both kinds of certificate, a MinVersion
// below TLS 1.2, a nil Warn). A certificate
// outside its validity window is reported to opts.Warn, not refused.
func New(opts Options) (*Config, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	certs, err := opts.certSource()
	if err != nil {
		return nil, err
	}
	c := &Config{
		tls: &cryptotls.Config{
			MinVersion:     max(opts.MinVersion, cryptotls.VersionTLS12),
			NextProtos:     []string{"h2", "http/1.1"},
			GetCertificate: certs.GetCertificate,
		},
		certs: certs,
	}
	if opts.ClientCAFile != "" {
		pool, err := loadCertPool("client CA", opts.ClientCAFile)
		if err != nil {
			return nil, err
		}
		c.tls.ClientCAs = pool
		c.tls.ClientAuth = cryptotls.RequireAndVerifyClientCert
	}
	return c, nil
}

// check reports the inconsistencies in o that need no file to see.
func (o *Options) check() error {
	switch {
	case o.Warn == nil:
		return errors.New("tls: Options.Warn is nil")
	case o.MinVersion != 0 && o.MinVersion != cryptotls.VersionTLS12 && o.MinVersion != cryptotls.VersionTLS13:
		return fmt.Errorf("tls: Options.MinVersion %s is not TLS 1.2 or TLS 1.3", cryptotls.VersionName(o.MinVersion))
	case o.Certificate != nil && (o.CertFile != "" || o.KeyFile != ""):
		return errors.New("tls: Options has both Certificate and CertFile/KeyFile")
	case o.Certificate == nil && o.CertFile == "" && o.KeyFile == "":
		return errors.New("tls: Options needs CertFile and KeyFile, or Certificate")
	}
	return nil
}

// certSource returns the CertSource for o's certificate.
func (o *Options) certSource() (*CertSource, error) {
	if o.Certificate != nil {
		return staticCertSource(o.Certificate, o.Warn)
	}
	return LoadCertSource(o.CertFile, o.KeyFile, o.Warn)
}

// TLSConfig returns a new copy of the crypto/tls configuration, which is how
// a Config is served: as the TLSConfig of a server.Endpoint given to
// server.Run, or through server.TLSListener(ln, c.TLSConfig()) given to
// Server.Serve (package github.com/seed78c03fa0/tonic/server). The copy
// serves the reloadable certificate, so Reload reaches the handshakes of
// every copy; changes to a copy reach neither c nor the other copies.
func (c *Config) TLSConfig() *cryptotls.Config {
	return c.tls.Clone()
}

// Reload reads the certificate and key files again and serves the new pair
// to later handshakes, as CertSource.Reload does: an invalid pair, or one
// outside its validity window, leaves the current one in place and is
// returned as the error. Connections already established are not touched.
// With an in-memory Options.Certificate, Reload does nothing and returns
// nil. A server calls it on SIGHUP through interface{ Reload() error }.
func (c *Config) Reload() error {
	return c.certs.Reload()
}

// Leaf returns the certificate being served, for instance to report its
// NotAfter. The caller must not modify it.
func (c *Config) Leaf() *x509.Certificate {
	return c.certs.Leaf()
}
