package server_test

import (
	"context"
	"net/http"
	"os"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/server"
	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// Tiger Tonic's NewServer(addr, handler) and ListenAndServe: a server with
// safe timeouts, served by Run until SIGTERM drains it.
func ExampleNew_fromTigerTonic() {
	var mux http.Handler // the service's routes
	log := zerolog.New(os.Stderr).With().Timestamp().Logger()
	srv, err := server.New(mux, log) // ReadHeaderTimeout 10s, Read and Write 30s, Idle 120s
	if err == nil {
		err = server.Run(context.Background(), server.RunOptions{Logger: log},
			server.Bind(srv, server.Endpoint{Addr: ":8000"}))
	}
	if err != nil {
		log.Fatal().Err(err).Send()
	}
}

// Tiger Tonic's NewTLSServer(addr, cert, key, handler) and ClientCA(ca):
// the certificate is reloaded on SIGHUP, and HTTP/2 stays on.
func ExampleNew_fromTigerTonicTLS() {
	var mux http.Handler // the service's routes
	log := zerolog.New(os.Stderr).With().Timestamp().Logger()
	certs, err := tonictls.New(tonictls.Options{CertFile: "cert.pem", KeyFile: "key.pem", ClientCAFile: "ca.pem",
		Warn: func(err error) { log.Error().Err(err).Msg("certificate") }})
	if err != nil {
		log.Fatal().Err(err).Send()
	}
	srv, err := server.New(mux, log)
	if err == nil {
		err = server.Run(context.Background(), server.RunOptions{Logger: log, Reloaders: []server.Reloader{certs}},
			server.Bind(srv, server.Endpoint{Addr: ":8443", TLSConfig: certs.TLSConfig()}))
	}
	if err != nil {
		log.Fatal().Err(err).Send()
	}
}
