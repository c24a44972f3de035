// Package tls terminates TLS inside a tonic service, with modern defaults,
// certificate reload, optional client certificates and a self-signed
// certificate for development. Callers import it under another name, since
// it shares crypto/tls's: tonictls "github.com/seed78c03fa0/tonic/tls".
//
// # Configuration
//
// New builds a Config from Options: a certificate and key, from files or in
// memory, and optionally a client CA file. The resulting crypto/tls
// configuration accepts TLS 1.2 and 1.3 only, offers HTTP/2 and HTTP/1.1
// through ALPN, and leaves cipher suites and key-exchange groups to
// crypto/tls, so that Go's post-quantum hybrid key exchange stays on and
// later Go releases keep improving the choice. Errors name the file at
// fault: an unreadable file, one without PEM certificates, a key that does
// not match its certificate. Unlike Tiger Tonic, a client CA file that holds
// no certificate is an error, not a server that trusts no one.
//
// # Serving
//
// There is one way to serve a Config: its TLSConfig goes to the server
// package, as the TLSConfig of an Endpoint that server.Run listens on, or
// through server.TLSListener around a listener given to Server.Serve:
//
//	_ = server.Bind(api, server.Endpoint{Addr: ":8443", TLSConfig: cfg.TLSConfig()})
//	go api.Serve(server.TLSListener(ln, cfg.TLSConfig()))
//
// (the first with server.Run, the second with Server.Serve; ExampleNew runs
// the second).
// Either way the server's connection table follows each TLS connection
// below TLS, so that a hijacked one (a WebSocket) stays listed, and
// Shutdown waits for it, until it closes; HTTP/2 and HTTP/1.1 are offered
// through ALPN; and plain HTTP sent to the TLS port is answered with
// 400 Bad Request. net/http runs each handshake in the connection's own
// goroutine, bounded by the shortest of the server's ReadHeaderTimeout,
// ReadTimeout and WriteTimeout (ReadHeaderTimeout, 10s, with
// server.Options' defaults): a client that connects and stays silent is
// dropped when it runs out. Give the Config to server.RunOptions.Reloaders
// too, so that SIGHUP reloads its certificate.
//
// # Reload
//
// The certificate is served through a CertSource: Config.Reload (which a
// server calls on SIGHUP through interface{ Reload() error }) reads the
// files again and swaps the new pair in atomically. New handshakes get the
// new certificate; established connections keep theirs. A pair that does
// not load, does not match, or is outside its validity window is refused:
// the current certificate stays and Reload returns the error.
//
// # Expiry
//
// The package has no logger of its own. Options.Warn, which is required,
// receives a *ValidityError (wrapping ErrExpired or ErrNotYetValid) when the
// certificate loaded at startup is outside its validity window, and once more
// when a served certificate expires. The service is still started, because
// refusing would take down every listener, plain ones included, while many
// clients can still be served. Config.Leaf exposes the certificate for
// monitoring its NotAfter.
//
// # Development
//
// SelfSigned makes an ECDSA P-256 certificate for the loopback names (or
// the hosts given), valid for a day, with its PEM forms and a CertPool
// that trusts it, so tests and development servers need no files.
package tls
