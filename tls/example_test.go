package tls_test

import (
	"context"
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/server"
	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// A development server with a self-signed certificate, served the one way:
// server.TLSListener with the Config's TLSConfig (server.Endpoint's
// TLSConfig does the same under server.Run), and a client that trusts it:
// HTTP/2 over TLS 1.3, with no files.
func ExampleNew() {
	ss, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{})
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := tonictls.New(tonictls.Options{
		Certificate: &ss.Certificate,
		Warn:        func(err error) { fmt.Println("warning:", err) },
	})
	if err != nil {
		log.Fatal(err)
	}
	srv, err := server.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello over %s", r.Proto)
	}), zerolog.Nop())
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(server.TLSListener(ln, cfg.TLSConfig())) }()

	tr := &http.Transport{TLSClientConfig: &cryptotls.Config{RootCAs: ss.CertPool()}, ForceAttemptHTTP2: true}
	resp, err := (&http.Client{Transport: tr}).Get("https://" + ln.Addr().String() + "/")
	if err != nil {
		log.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(cryptotls.VersionName(resp.TLS.Version), resp.TLS.NegotiatedProtocol, string(body))

	tr.CloseIdleConnections()
	fmt.Println("shutdown:", srv.Shutdown(context.Background()))
	fmt.Println("serve:", <-served)
	// Output:
	// TLS 1.3 h2 hello over HTTP/2.0
	// shutdown: <nil>
	// serve: server: server closed
}

// Options.Warn hears about a certificate outside its validity window; the
// server still starts.
func ExampleOptions_warn() {
	expired, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		ValidFor:  time.Hour,
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = tonictls.New(tonictls.Options{
		Certificate: &expired.Certificate,
		Warn: func(err error) {
			fmt.Println("expired:", errors.Is(err, tonictls.ErrExpired))
			var ve *tonictls.ValidityError
			if errors.As(err, &ve) {
				fmt.Println("not after:", ve.NotAfter)
			}
		},
	})
	fmt.Println("New:", err)
	// Output:
	// expired: true
	// not after: 2020-01-01 01:00:00 +0000 UTC
	// New: <nil>
}

// Reload serves renewed files to new handshakes, and refuses a broken pair.
func ExampleConfig_Reload() {
	dir, err := os.MkdirTemp("", "tonic-tls-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	install := func(certPEM, keyPEM []byte) {
		if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
			log.Fatal(err)
		}
	}
	first, _ := tonictls.SelfSigned(tonictls.SelfSignedOptions{})
	renewed, _ := tonictls.SelfSigned(tonictls.SelfSignedOptions{})
	install(first.CertPEM, first.KeyPEM)

	cfg, err := tonictls.New(tonictls.Options{CertFile: certFile, KeyFile: keyFile, Warn: func(err error) { log.Print(err) }})
	if err != nil {
		log.Fatal(err)
	}
	install(renewed.CertPEM, renewed.KeyPEM)
	fmt.Println("reload:", cfg.Reload())
	fmt.Println("serving the renewed certificate:", cfg.Leaf().Equal(renewed.Certificate.Leaf))

	install(first.CertPEM, renewed.KeyPEM) // a key that is not the certificate's
	fmt.Println("broken reload refused:", cfg.Reload() != nil)
	fmt.Println("still serving the renewed certificate:", cfg.Leaf().Equal(renewed.Certificate.Leaf))
	// Output:
	// reload: <nil>
	// serving the renewed certificate: true
	// broken reload refused: true
	// still serving the renewed certificate: true
}

// SelfSigned gives a server certificate for the loopback names and the
// trust a client needs.
func ExampleSelfSigned() {
	ss, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{})
	if err != nil {
		log.Fatal(err)
	}
	leaf := ss.Certificate.Leaf
	fmt.Println(leaf.DNSNames, leaf.IPAddresses, leaf.NotAfter.Sub(leaf.NotBefore))
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: "localhost", Roots: ss.CertPool()})
	fmt.Println("trusted by its CertPool:", err == nil)
	// Output:
	// [localhost] [127.0.0.1 ::1] 24h0m0s
	// trusted by its CertPool: true
}

// A Config serves TLS in one way: its TLSConfig goes to an Endpoint for
// server.Run, or through server.TLSListener to Server.Serve. (This example
// compiles but does not run: it would listen on port 8443.)
func ExampleConfig_TLSConfig() {
	ss, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{})
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := tonictls.New(tonictls.Options{Certificate: &ss.Certificate, Warn: func(err error) { log.Print(err) }})
	if err != nil {
		log.Fatal(err)
	}
	api, err := server.New(http.NotFoundHandler(), zerolog.Nop())
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", ":8443")
	if err != nil {
		log.Fatal(err)
	}
	_ = server.Bind(api, server.Endpoint{Addr: ":8443", TLSConfig: cfg.TLSConfig()})
	go api.Serve(server.TLSListener(ln, cfg.TLSConfig()))
}
