package tls

import (
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// CertSource hands crypto/tls a certificate and key pair through its
// GetCertificate method, and swaps in a freshly read pair on Reload, so that
// renewed certificates are served without a restart. Handshakes already done
// keep the certificate they were made with; new handshakes get the new one.
//
// CertSource reports loudly, through the warn function given to
// LoadCertSource, a certificate that is outside its validity window: at load
// time if it is expired or not yet valid, and once per certificate at the first
// handshake after it expires while serving. Reload refuses such a certificate.
//
// A CertSource is safe for concurrent use.
type CertSource struct {
	certFile, keyFile string // "" for an in-memory certificate
	warn              func(error)
	now               func() time.Time

	mu  sync.Mutex // serializes Reload
	cur atomic.Pointer[servedCert]
}

// servedCert is the pair a CertSource is serving.
type servedCert struct {
	cert    *cryptotls.Certificate // Leaf is set
	expired atomic.Bool            // its expiry has been reported
}

var errNilWarn = errors.New("tls: warn function is nil")

// LoadCertSource reads the PEM certificate chain (leaf first) in certFile and
// the PEM private key in keyFile, and returns a CertSource serving them. An
// unreadable or unparsable file, or a key that does not match the certificate,
// is an error naming the file. A certificate that is expired or not yet valid
// is served, and reported to warn as a *ValidityError before LoadCertSource
// returns. warn must not be nil; it is called from TLS handshakes too, so it
// must be safe for concurrent use.
func LoadCertSource(certFile, keyFile string, warn func(error)) (*CertSource, error) {
	switch {
	case certFile == "":
		return nil, errors.New("tls: certificate file name is empty")
	case keyFile == "":
		return nil, errors.New("tls: key file name is empty")
	case warn == nil:
		return nil, errNilWarn
	}
	pair, err := loadPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	s := &CertSource{certFile: certFile, keyFile: keyFile, warn: warn, now: time.Now}
	s.start(pair)
	return s, nil
}

// staticCertSource returns a CertSource that always serves cert, which must
// hold a certificate chain and a private key. Its Reload does nothing.
func staticCertSource(cert *cryptotls.Certificate, warn func(error)) (*CertSource, error) {
	if warn == nil {
		return nil, errNilWarn
	}
	if len(cert.Certificate) == 0 || cert.PrivateKey == nil {
		return nil, errors.New("tls: Options.Certificate needs a certificate chain and a private key")
	}
	pair := *cert
	if pair.Leaf == nil {
		leaf, err := x509.ParseCertificate(pair.Certificate[0])
		if err != nil {
			return nil, fmt.Errorf("tls: Options.Certificate: %w", err)
		}
		pair.Leaf = leaf
	}
	s := &CertSource{warn: warn, now: time.Now}
	s.start(&pair)
	return s, nil
}

// start installs the first pair, reporting it if it is not valid now.
func (s *CertSource) start(pair *cryptotls.Certificate) {
	served := &servedCert{cert: pair}
	if err := checkValidity(s.certFile, pair.Leaf, s.now()); err != nil {
		served.expired.Store(errors.Is(err, ErrExpired))
		s.warn(err)
	}
	s.cur.Store(served)
}

// GetCertificate returns the current certificate, for
// crypto/tls.Config.GetCertificate. It never fails. The first time it serves a
// certificate that has expired since it was loaded, it reports a
// *ValidityError to the warn function.
func (s *CertSource) GetCertificate(*cryptotls.ClientHelloInfo) (*cryptotls.Certificate, error) {
	served := s.cur.Load()
	if now := s.now(); now.After(served.cert.Leaf.NotAfter) && served.expired.CompareAndSwap(false, true) {
		s.warn(checkValidity(s.certFile, served.cert.Leaf, now))
	}
	return served.cert, nil
}

// Reload reads the certificate and key files again and, if they hold a valid
// pair whose certificate is within its validity window, serves it to every
// later handshake. Otherwise it keeps serving the current pair and returns the
// error, which names the file at fault (a *ValidityError for a certificate
// outside its window). On the CertSource behind a Config built from an
// in-memory Options.Certificate, Reload does nothing and returns nil.
func (s *CertSource) Reload() error {
	if s.certFile == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pair, err := loadPair(s.certFile, s.keyFile)
	if err != nil {
		return err
	}
	if err := checkValidity(s.certFile, pair.Leaf, s.now()); err != nil {
		return err
	}
	s.cur.Store(&servedCert{cert: pair})
	return nil
}

// Leaf returns the certificate being served, for instance to report its
// NotAfter. The caller must not modify it.
func (s *CertSource) Leaf() *x509.Certificate {
	return s.cur.Load().cert.Leaf
}
