package proxy

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// backend is one upstream server of a Proxy: its address, health and
// counters.
type backend struct {
	url      *url.URL
	dialAddr string // host:port as the transport dials it, and the name of its metrics

	// The statuses a proxied request shows in the server's in-flight table.
	statusProxying, statusStreaming, statusUpgraded string

	inFlight  atomic.Int64
	connsOpen atomic.Int64
	// ejectedUntil is when an ejection ends, in Unix nanoseconds; 0 means
	// healthy. A request that finds it past claims the backend for a probe
	// by moving it on (see claim).
	ejectedUntil atomic.Int64
	// epoch counts the ejections from healthy: an answer to a request sent
	// in an earlier epoch says nothing of b since it was ejected.
	epoch atomic.Uint64

	requests, errors, ejections metrics.Counter
	latency                     metrics.Timer // to the response headers
}

// parseBackend parses and checks the URL of a backend.
func parseBackend(raw string) (*backend, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("proxy: backend %q is not a URL such as http://10.0.0.7:8080: %v", raw, err)
	}
	if err := checkBackendURL(u); err != nil {
		return nil, fmt.Errorf("proxy: backend %q: %s", u.Redacted(), err)
	}
	u.Host = strings.ToLower(u.Host)
	b := &backend{url: u, dialAddr: dialAddr(u),
		requests: metrics.NewCounter(), errors: metrics.NewCounter(), ejections: metrics.NewCounter(),
		latency: metrics.NewTimer()}
	name := u.String()
	b.statusProxying = "proxying to " + name
	b.statusStreaming = "streaming from " + name
	b.statusUpgraded = "upgraded to a tunnel with " + name
	return b, nil
}

// checkBackendURL accepts http and https URLs with a host, an optional port
// and path, and nothing else: credentials do not belong in a URL, and the
// query of each request is its own.
func checkBackendURL(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("want an http:// or https:// URL")
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("no host")
	case u.User != nil:
		return fmt.Errorf("credentials in the URL; a backend URL must not carry secrets")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return fmt.Errorf("a query or fragment; give a scheme, host, port and optional path")
	case u.Opaque != "":
		return fmt.Errorf("an opaque URL; want scheme://host[:port][/path]")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.ParseUint(p, 10, 16); err != nil || n == 0 {
			return fmt.Errorf("port %q is not a number from 1 to 65535", p)
		}
	}
	return nil
}

// dialAddr is the address the transport dials for u: host:port, with the
// scheme's port when u has none.
func dialAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// claim reports whether b may get a request at now: it is healthy, or its
// ejection is over and this caller won the probe, which moves the ejection
// on by coolDown so that other requests keep away until the probe answers.
func (b *backend) claim(now int64, coolDown time.Duration) bool {
	until := b.ejectedUntil.Load()
	if until == 0 {
		return true
	}
	return now >= until && b.ejectedUntil.CompareAndSwap(until, now+int64(coolDown))
}

// eject keeps requests away from b until now+coolDown, and reports whether
// b was healthy until then.
func (b *backend) eject(now int64, coolDown time.Duration) bool {
	was := b.ejectedUntil.Swap(now + int64(coolDown))
	if was == 0 {
		b.epoch.Add(1)
		b.ejections.Inc(1)
		return true
	}
	return false
}

// restore marks b healthy, and reports whether it was ejected.
func (b *backend) restore() bool {
	if b.ejectedUntil.Load() == 0 {
		return false
	}
	return b.ejectedUntil.Swap(0) != 0
}

// idleConns estimates the open connections that carry no request: those
// open less the requests in flight, never below 0.
func (b *backend) idleConns() int64 {
	return max(0, b.connsOpen.Load()-b.inFlight.Load())
}

// metrics returns the go-metrics of b by the last part of their names.
func (b *backend) metrics() map[string]any {
	return map[string]any{
		"requests":   b.requests,
		"errors":     b.errors,
		"ejections":  b.ejections,
		"latency":    b.latency,
		"in_flight":  metrics.NewFunctionalGauge(b.inFlight.Load),
		"conns_open": metrics.NewFunctionalGauge(b.connsOpen.Load),
		"conns_idle": metrics.NewFunctionalGauge(b.idleConns),
		"healthy": metrics.NewFunctionalGauge(func() int64 {
			if b.ejectedUntil.Load() == 0 {
				return 1
			}
			return 0
		}),
	}
}
