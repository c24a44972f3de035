package tonic

import (
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
)

// HostServeMux dispatches requests to handlers by the host they are for:
// virtual hosting. Host names match case-insensitively, without the port
// (IPv6 literals included) and without a trailing dot. A pattern
// "*.example.com" matches any host under example.com (not example.com
// itself); the longest such suffix wins and an exact name beats every
// wildcard. "*" alone matches any host that nothing else does. Requests for
// other hosts get a 404 error response.
//
// "*" also holds the host-less routes, as a ServeMux pattern without a
// host does: when the handler for a request's host is (or wraps, through
// Unwrap) a TrieServeMux that would answer 404, having no route for the
// path at all, the request goes to the "*" handler instead. When that mux
// would answer 405 (routes for other methods match the path), the request
// goes to "*" only if "*" is a TrieServeMux that serves the method there
// (ServeMux does the same, but lists the methods of both in the 405's
// Allow header; tonic's 405 lists the host's). A host mux that would
// redirect the request (a cleaned path, a trailing slash added or removed)
// keeps it, where ServeMux might serve it from a host-less pattern: the
// host's own routes come first. Other host handlers take every request for
// their host.
//
// Register every host before serving; serving is safe for concurrent use.
type HostServeMux struct {
	exact    map[string]http.Handler
	wildcard []hostSuffix // longest suffix first
	any      http.Handler
}

// hostSuffix is a "*.example.com" registration, suffix ".example.com".
type hostSuffix struct {
	suffix  string
	pattern string
	handler http.Handler
}

var _ http.Handler = (*HostServeMux)(nil)

// NewHostServeMux returns an empty host mux.
func NewHostServeMux() *HostServeMux {
	return &HostServeMux{exact: map[string]http.Handler{}}
}

// Handle registers h for requests for host: a name such as "example.com"
// (a port, if given, is ignored), a wildcard such as "*.example.com", or
// "*". It panics with a "tonic:" message if host is invalid or already
// registered, or h is nil (as TrieServeMux.Handle defines it).
func (m *HostServeMux) Handle(host string, h http.Handler) {
	if err := m.handle(host, h); err != nil {
		panic(err)
	}
}

// handle is Handle's error-returning core.
func (m *HostServeMux) handle(host string, h http.Handler) error {
	if isNilHandler(h) {
		return fmt.Errorf("tonic: nil handler for host %q", host)
	}
	if host == "*" {
		if m.any != nil {
			return fmt.Errorf("tonic: host %q is already registered", host)
		}
		m.any = h
		return nil
	}
	name := normalizeHost(host)
	wild := strings.HasPrefix(name, "*.")
	if wild {
		name = name[1:]
	}
	if !validHostName(strings.TrimPrefix(name, ".")) {
		return fmt.Errorf("tonic: invalid host %q", host)
	}
	if wild {
		return m.addWildcard(hostSuffix{suffix: name, pattern: "*" + name, handler: h}, host)
	}
	if _, ok := m.exact[name]; ok {
		return fmt.Errorf("tonic: host %q is already registered", host)
	}
	m.exact[name] = h
	return nil
}

// addWildcard adds a wildcard host, keeping the longest suffix first.
func (m *HostServeMux) addWildcard(hs hostSuffix, host string) error {
	for _, w := range m.wildcard {
		if w.suffix == hs.suffix {
			return fmt.Errorf("tonic: host %q is already registered", host)
		}
	}
	m.wildcard = append(m.wildcard, hs)
	sort.SliceStable(m.wildcard, func(i, j int) bool {
		return len(m.wildcard[i].suffix) > len(m.wildcard[j].suffix)
	})
	return nil
}

// Handler returns the handler for r's host and the host pattern that
// matched ("*" when the request falls back to the host-less routes; see
// HostServeMux), or a 404 handler and "". It does not modify r.
func (m *HostServeMux) Handler(r *http.Request) (h http.Handler, pattern string) {
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	name := normalizeHost(host)
	if h, ok := m.exact[name]; ok {
		return m.orAny(h, name, r)
	}
	for _, w := range m.wildcard {
		if len(name) > len(w.suffix) && strings.HasSuffix(name, w.suffix) {
			return m.orAny(w.handler, w.pattern, r)
		}
	}
	if m.any != nil {
		return m.any, "*"
	}
	return http.HandlerFunc(hostNotFound), ""
}

// orAny returns h, the handler for r's host, and its pattern, unless the
// request falls back to the host-less routes of "*" (see HostServeMux).
func (m *HostServeMux) orAny(h http.Handler, pattern string, r *http.Request) (http.Handler, string) {
	inner := innerMux(h)
	if m.any == nil || inner == nil {
		return h, pattern
	}
	var vals values
	switch inner.match(r, &vals).kind {
	case matchNotFound:
		return m.any, "*"
	case matchNotAllowed:
		if anyMux := innerMux(m.any); anyMux != nil && anyMux.serves(r) {
			return m.any, "*"
		}
	}
	return h, pattern
}

// ServeHTTP dispatches the request to the handler for its host.
func (m *HostServeMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, _ := m.Handler(r)
	h.ServeHTTP(w, r)
}

// hostNotFound answers a request for an unknown host.
func hostNotFound(w http.ResponseWriter, r *http.Request) {
	WriteError(w, r, http.StatusNotFound, Errorf(http.StatusNotFound, "host %q not found", r.Host))
}

// normalizeHost lower-cases a host, strips its port, the brackets of an
// IPv6 literal and a trailing dot. It allocates only to lower-case.
func normalizeHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	host = strings.TrimSuffix(host, ".")
	for i := 0; i < len(host); i++ {
		if c := host[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(host)
		}
	}
	return host
}

// validHostName reports whether s is a plausible host name or IP literal:
// non-empty, with no empty label and no characters outside letters,
// digits, '-', '_', '.', and ':' (for IPv6).
func validHostName(s string) bool {
	if s == "" || strings.Contains(s, "..") || strings.HasPrefix(s, ".") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.:", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}
