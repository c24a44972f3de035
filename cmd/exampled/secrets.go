package main

import (
	"crypto/rand"
	"crypto/sha256"
	cryptotls "crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"time"

	"github.com/rs/zerolog"

	tonictls "github.com/seed78c03fa0/tonic/tls"
)

const (
	// defaultUser is the user of a generated password.
	defaultUser = "exampled"
	// passwordBytes is the entropy of a generated password.
	passwordBytes = 16
	// selfSignedValidity is how long a generated certificate is valid.
	selfSignedValidity = 30 * 24 * time.Hour
	// selfSignedMinLeft is the validity an inherited generated certificate
	// must have left to be kept rather than replaced.
	selfSignedMinLeft = 24 * time.Hour
)

// secrets are the credentials and the TLS configuration a process serves
// with, and what of them it generated.
type secrets struct {
	auth       credentials
	tls        *tonictls.Config // nil without -tls-listen
	reloadable bool             // tls reads files, which SIGHUP reloads
	pin        string           // the public-key pin of a generated certificate
	generated  generated
}

// resolveSecrets returns the credentials of cfg, else those of inherited,
// else new ones; and likewise the TLS certificate when cfg serves HTTPS.
func resolveSecrets(cfg config, inherited generated, log *zerolog.Logger, now time.Time) (secrets, error) {
	var s secrets
	var err error
	if s.auth, s.generated.Auth, err = resolveAuth(cfg.auth, inherited.Auth); err != nil {
		return s, err
	}
	if cfg.tlsListen == "" {
		return s, nil
	}
	warn := func(err error) { log.Error().Err(err).Msg("TLS certificate") }
	if cfg.tlsCert != "" {
		s.tls, err = tonictls.New(tonictls.Options{CertFile: cfg.tlsCert, KeyFile: cfg.tlsKey, Warn: warn})
		if err != nil {
			return s, fmt.Errorf("-tls-cert, -tls-key: %w", err)
		}
		s.reloadable = true
		return s, nil
	}
	cert, certPEM, keyPEM, err := selfSigned(cfg.tlsListen, inherited, now)
	if err != nil {
		return s, err
	}
	s.generated.CertPEM, s.generated.KeyPEM = certPEM, keyPEM
	s.pin = publicKeyPin(cert)
	s.tls, err = tonictls.New(tonictls.Options{Certificate: &cert, Warn: warn})
	return s, err
}

// resolveAuth returns the configured credentials, else the inherited ones,
// else a new password for defaultUser; and, unless they were configured,
// their user:password form to hand on.
func resolveAuth(configured *credentials, inherited string) (credentials, string, error) {
	if configured != nil {
		return *configured, "", nil
	}
	var c *credentials
	if inherited != "" && authFlag(&c)(inherited) == nil {
		return *c, inherited, nil
	}
	b := make([]byte, passwordBytes)
	if _, err := rand.Read(b); err != nil {
		return credentials{}, "", fmt.Errorf("generating a password: %w", err)
	}
	gen := credentials{user: defaultUser, password: base64.RawURLEncoding.EncodeToString(b)}
	return gen, gen.user + ":" + gen.password, nil
}

// selfSigned returns the inherited generated certificate while it has
// selfSignedMinLeft to run, else a new one for the loopback names and the
// host of the TLS address, with its PEM forms.
func selfSigned(tlsListen string, inherited generated, now time.Time) (cryptotls.Certificate, string, string, error) {
	if inherited.CertPEM != "" {
		cert, err := cryptotls.X509KeyPair([]byte(inherited.CertPEM), []byte(inherited.KeyPEM))
		if err == nil && cert.Leaf != nil && now.Add(selfSignedMinLeft).Before(cert.Leaf.NotAfter) {
			return cert, inherited.CertPEM, inherited.KeyPEM, nil
		}
	}
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	if host, _, err := net.SplitHostPort(tlsListen); err == nil && host != "" && !isLoopbackOrAny(host) {
		hosts = append(hosts, host)
	}
	ss, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{Hosts: hosts, ValidFor: selfSignedValidity})
	if err != nil {
		return cryptotls.Certificate{}, "", "", fmt.Errorf("generating a self-signed certificate: %w", err)
	}
	return ss.Certificate, string(ss.CertPEM), string(ss.KeyPEM), nil
}

// isLoopbackOrAny reports whether host is one of the default names, or an
// address that means every interface.
func isLoopbackOrAny(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// publicKeyPin returns the pin of cert's public key as curl's --pinnedpubkey
// takes it: "sha256//" and the base64 SHA-256 of the SubjectPublicKeyInfo.
func publicKeyPin(cert cryptotls.Certificate) string {
	if cert.Leaf == nil {
		return ""
	}
	sum := sha256.Sum256(cert.Leaf.RawSubjectPublicKeyInfo)
	return "sha256//" + base64.StdEncoding.EncodeToString(sum[:])
}
