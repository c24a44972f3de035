package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// handoffName names the file that a process passes, through tableflip, to
// the process that replaces it on SIGUSR2.
const handoffName = "exampled-generated"

// maxHandoff bounds the size of the handoff file read.
const maxHandoff = 64 << 10

// generated is what a process made up at start because its settings did not
// say: the password and the self-signed certificate. The process that
// replaces it on SIGUSR2 (same flags, same environment) takes them over, so
// that clients keep the credentials and the certificate pin they were given.
type generated struct {
	Auth    string `json:"auth,omitempty"` // user:password
	CertPEM string `json:"cert_pem,omitempty"`
	KeyPEM  string `json:"key_pem,omitempty"`
}

// fileHandoff passes files to the next process: tableflip.Upgrader's Fds.
type fileHandoff interface {
	File(name string) (*os.File, error)
	AddFile(name string, f *os.File) error
}

// inherit returns what the previous process generated, or the zero value
// for the first process.
func inherit(fds fileHandoff) (generated, error) {
	var g generated
	f, err := fds.File(handoffName)
	if err != nil || f == nil {
		return g, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.NewSectionReader(f, 0, maxHandoff))
	if err != nil {
		return g, fmt.Errorf("reading what the previous process generated: %w", err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return g, fmt.Errorf("reading what the previous process generated: %w", err)
	}
	return g, nil
}

// bequeath makes g the handoff file for the next process: a temporary file,
// removed at once, that only this process and the next one hold open.
func bequeath(fds fileHandoff, g generated) error {
	if g == (generated{}) {
		return nil
	}
	b, err := json.Marshal(g)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp("", "exampled-handoff-*")
	if err != nil {
		return fmt.Errorf("handing generated secrets to the next process: %w", err)
	}
	defer f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return fmt.Errorf("handing generated secrets to the next process: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("handing generated secrets to the next process: %w", err)
	}
	return fds.AddFile(handoffName, f)
}
