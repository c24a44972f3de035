package server

import (
	"crypto/tls"
	"net"
)

// TLSListener returns a listener that terminates TLS with config on the
// connections that ln accepts, as crypto/tls.NewListener does. When config
// offers no ALPN protocols it offers HTTP/2 and HTTP/1.1, as
// http.Server.ServeTLS does, on a copy of config.
//
// It is how a Server serves TLS: Run uses it for an Endpoint with a
// TLSConfig, and a caller of Server.Serve wraps its TLS listeners with it,
// e.g. TLSListener(ln, cfg.TLSConfig()) for a Config of tonic's tls
// package. Given to Server.Serve, it lets the connection table follow
// hijacked TLS connections until they close, which a listener from
// tls.NewListener does not allow. net/http runs each connection's handshake
// bounded by the shortest of the Server's ReadHeaderTimeout, ReadTimeout and
// WriteTimeout, so a client that connects and stays silent is dropped.
//
// It panics if config is nil or has no certificate source.
func TLSListener(ln net.Listener, config *tls.Config) net.Listener {
	if config == nil {
		panic("server: TLSListener with a nil *tls.Config")
	}
	if len(config.Certificates) == 0 && config.GetCertificate == nil && config.GetConfigForClient == nil {
		panic("server: TLSListener with a *tls.Config that has no Certificates, GetCertificate or GetConfigForClient")
	}
	if len(config.NextProtos) == 0 {
		config = config.Clone()
		config.NextProtos = []string{"h2", "http/1.1"}
	}
	return &tlsListener{Listener: tls.NewListener(ln, config), inner: ln, config: config}
}

// tlsListener is a TLS listener that remembers the listener below it, so
// that Server.Serve can track connections below TLS.
type tlsListener struct {
	net.Listener // tls.NewListener(inner, config)
	inner        net.Listener
	config       *tls.Config
}
