// Package proxy is tonic's reverse proxy: an http.Handler that forwards
// requests to one or more backends, built on httputil.ReverseProxy with
// Rewrite and with the production defaults that the standard library
// leaves to its users.
//
//	p, err := proxy.New([]string{"http://10.0.0.7:8080", "http://10.0.0.8:8080"}, reg,
//		proxy.Options{Name: "users"})
//	...
//	defer p.Close()
//	mux.HandleNamespace("/users", p) // /users/42 goes to the backend as /42
//
// # Requests
//
// The outbound request keeps the inbound method, path (below the backend
// URL's own path, if it has one), query and body. Hop-by-hop headers are
// removed both ways. The client's Forwarded, X-Forwarded-For,
// X-Forwarded-Host, X-Forwarded-Proto and X-Real-Ip headers are deleted
// and X-Forwarded-* set from the connection, so a client cannot forge its
// address; Options.TrustForwarded keeps them for a proxy behind a trusted
// front proxy. The request ID (the one tonic's server or RequestID
// middleware put in the context, else a valid incoming X-Request-ID, else a
// new one) goes to the backend in X-Request-ID, and the client gets it back
// in exactly one X-Request-ID header: the backend's echo is dropped.
//
// Responses stream: server-sent events and responses of unknown length are
// flushed as they come, and a 101 Switching Protocols (a WebSocket) turns
// the request into a two-way tunnel until either side closes.
//
// # Backends
//
// Requests are balanced across the healthy backends in turn (RoundRobin)
// or to the one with the fewest in flight (LeastInFlight). Each Proxy has
// its own http.Transport, HTTP/1.1, sized for a busy backend: 128 idle
// connections per backend (net/http's default of 2 makes a loaded proxy
// churn connections until it runs out of ports), a cap of 1024 per backend,
// and dial, TLS handshake and response header timeouts.
//
// A backend that refuses a connection (or does not answer a dial in time)
// is ejected for Options.EjectFor; when that is over, the next request
// probes it, and an answer brings it back. With Options.HealthCheck, a GET
// of a path on every backend decides instead. When every backend is
// ejected, requests are still tried on the one whose ejection ends first.
//
// A request is retried on another backend only when it never reached the
// first one: the dial failed and its body was not read. A request that
// reached a backend is never sent twice, whatever its method.
//
// # Errors
//
// Failures are tonic errors written with tonic.WriteError, in the format
// the request's context chooses, with the request ID and without the
// cause: 502 bad_gateway when no backend answered or the answer was
// broken, 504 gateway_timeout when the response headers took longer than
// Options.ResponseHeaderTimeout, 413 when the request body exceeded a
// limit set by middleware, 400 for a protocol switch that cannot be
// proxied. A request canceled by tonic's server (an operator or the end of
// a drain) gets the status of the cause; one whose client left is logged
// as 499. A failure after the response has started aborts the connection
// (http.ErrAbortHandler), so that a client never takes a truncated body
// for a whole one. Causes go to Options.Logger.
//
// # Stats
//
// Each backend's metrics are registered in the go-metrics registry given
// to New (so that tonic's admin server exports them on /metrics), under
// proxy.<Name>.<host:port>.<metric>:
//
//	requests    counter  attempts sent to the backend, retries included
//	errors      counter  attempts that got no response (refused, reset, timed out)
//	ejections   counter  times the backend was ejected
//	latency     timer    time to the response headers
//	in_flight   gauge    requests being served, streams and tunnels included
//	conns_open  gauge    open connections to the backend
//	conns_idle  gauge    open connections not carrying a request
//	healthy     gauge    1, or 0 while ejected
//
// Proxy.Backends returns the same as a JSON-friendly snapshot, for the
// admin /debug/connections endpoint. Close removes the metrics.
//
// # Drain
//
// A proxied request is an in-flight request like any other: tonic's server
// waits for it on Shutdown, and its status in the in-flight table
// (tonic.SetRequestStatus) names the backend: "proxying to <url>", then
// "streaming from <url>" once the response is a stream, or "upgraded to a
// tunnel with <url>" after a protocol switch, so that /debug/requests and
// the drain report show which streams hold the shutdown up. Call Close
// once the server has drained.
package proxy
