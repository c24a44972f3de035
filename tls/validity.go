package tls

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// ErrExpired is wrapped by a *ValidityError for a certificate whose NotAfter
// has passed.
var ErrExpired = errors.New("tls: certificate expired")

// ErrNotYetValid is wrapped by a *ValidityError for a certificate whose
// NotBefore is still to come.
var ErrNotYetValid = errors.New("tls: certificate not yet valid")

// ValidityError reports a leaf certificate used outside its validity window.
// It wraps ErrExpired or ErrNotYetValid, so callers test it with errors.Is.
type ValidityError struct {
	// File is the certificate file, or "" for an in-memory certificate.
	File string
	// Subject is the certificate's subject, e.g. "CN=example.com".
	Subject string
	// NotBefore and NotAfter bound the certificate's validity.
	NotBefore, NotAfter time.Time
	// Now is the time the certificate was checked at.
	Now time.Time
}

// Error describes the certificate, its window and the time it was checked.
func (e *ValidityError) Error() string {
	name := "certificate"
	if e.File != "" {
		name += " " + e.File
	}
	if e.Subject != "" {
		name += " (" + e.Subject + ")"
	}
	if e.Now.Before(e.NotBefore) {
		return fmt.Sprintf("tls: %s is not valid before %s (now %s)",
			name, e.NotBefore.UTC().Format(time.RFC3339), e.Now.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("tls: %s expired at %s (now %s)",
		name, e.NotAfter.UTC().Format(time.RFC3339), e.Now.UTC().Format(time.RFC3339))
}

// Unwrap returns ErrNotYetValid or ErrExpired.
func (e *ValidityError) Unwrap() error {
	if e.Now.Before(e.NotBefore) {
		return ErrNotYetValid
	}
	return ErrExpired
}

// checkValidity returns a *ValidityError if leaf, read from file, is not
// valid at now, and nil otherwise.
func checkValidity(file string, leaf *x509.Certificate, now time.Time) error {
	if !now.Before(leaf.NotBefore) && !now.After(leaf.NotAfter) {
		return nil
	}
	return &ValidityError{
		File:      file,
		Subject:   leaf.Subject.String(),
		NotBefore: leaf.NotBefore,
		NotAfter:  leaf.NotAfter,
		Now:       now,
	}
}
