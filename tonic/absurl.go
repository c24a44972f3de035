package tonic

import (
	"net/http"
	"net/url"
)

// AbsoluteURL returns the URL the client asked for, with its scheme and
// host. net/http leaves r.URL.Scheme and r.URL.Host empty on a server
// request (the request line has only the path and query), so a link built
// from r.URL alone is "/1.0/stuff/7", or ":///1.0/stuff/7" once printed
// with a scheme and host that are not there.
//
// The path and query are the request target the client sent
// (r.RequestURI), so the prefixes that namespaces and http.StripPrefix
// strip from r.URL.Path are in it; a request without a RequestURI (one
// built for a client, or by a test with http.NewRequest) uses r.URL. The
// scheme is "https" when the request came over TLS (r.TLS is set, as it is
// behind tonic's in-process TLS) and "http" otherwise; the host is r.Host,
// the Host header (or HTTP/2 :authority) the client sent, port included. A
// request in absolute form, as clients send to forward proxies, keeps its
// own scheme and host. The result is a new URL: r.URL is never modified.
//
// X-Forwarded-Proto, X-Forwarded-Host and Forwarded are not read: any
// client can send them. Behind a reverse proxy or load balancer that
// terminates TLS, the scheme is that of the proxy's connection to the
// service ("http") and the host whatever the proxy passes on; a service
// there, or one that must not trust the Host header (for password-reset
// links, say), takes its public base URL from its configuration instead.
//
// marshal.Marshaled passes this URL to functions of Tiger Tonic's
// *url.URL shapes, as Tiger Tonic's server filled in r.URL's scheme and
// host.
func AbsoluteURL(r *http.Request) *url.URL {
	u := requestTarget(r)
	if u.Scheme == "" {
		u.Scheme = "http"
		if r.TLS != nil {
			u.Scheme = "https"
		}
	}
	if u.Host == "" {
		u.Host = r.Host
	}
	return u
}

// requestTarget returns a new URL of the request target the client sent,
// or a copy of r.URL when there is none or it does not parse.
func requestTarget(r *http.Request) *url.URL {
	if rt := r.RequestURI; rt != "" && rt != "*" {
		if u, err := url.ParseRequestURI(rt); err == nil {
			return u
		}
	}
	u := *r.URL
	return &u
}
