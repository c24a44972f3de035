package tls

import (
	cryptotls "crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
)

// loadPair reads a PEM certificate chain (leaf first) from certFile and its
// PEM private key from keyFile. Every error names the file at fault: both
// files when the key does not match the certificate. The result's Leaf is set.
func loadPair(certFile, keyFile string) (*cryptotls.Certificate, error) {
	certPEM, err := readFile("certificate", certFile)
	if err != nil {
		return nil, err
	}
	chain, err := parseCertificates("certificate", certFile, certPEM)
	if err != nil {
		return nil, err
	}
	keyPEM, err := readFile("key", keyFile)
	if err != nil {
		return nil, err
	}
	// The certificate file parsed above, so what X509KeyPair rejects is the
	// key: unparsable, or not the certificate's.
	pair, err := cryptotls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("tls: key file %s (for certificate file %s): %w", keyFile, certFile, err)
	}
	pair.Leaf = chain[0]
	return &pair, nil
}

// loadCertPool reads the PEM certificates in file into a new pool. A file
// with no certificate, or with one that does not parse, is an error naming
// file.
func loadCertPool(kind, file string) (*x509.CertPool, error) {
	data, err := readFile(kind, file)
	if err != nil {
		return nil, err
	}
	certs, err := parseCertificates(kind, file, data)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}

// readFile reads file, which holds what kind names. The error from os names
// the file.
func readFile(kind, file string) ([]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("tls: read %s file: %w", kind, err)
	}
	return data, nil
}

// parseCertificates parses every PEM CERTIFICATE block in data, read from
// file, and skips blocks of other types as crypto/tls does. It is an error,
// naming file, when a block does not parse or there is none.
func parseCertificates(kind, file string, data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("tls: %s file %s: certificate %d: %w", kind, file, len(certs)+1, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("tls: %s file %s: no PEM CERTIFICATE block", kind, file)
	}
	return certs, nil
}
