package tonic

import (
	"fmt"
	"net/http"
	"strings"
)

// Group registers routes on a TrieServeMux under a path prefix: the way to
// organise a service's own routes under "/1.0" at no cost per request. Its
// routes are routes of the mux, with the prefix written in front of their
// patterns; handlers see the whole path and r.Pattern names the whole
// pattern ("GET /1.0/stuff/{id}"). A namespace (HandleNamespace) mounts a
// handler under a prefix instead, and strips the prefix for it, at the cost
// of a copy of the request.
type Group struct {
	mux    *TrieServeMux
	prefix string // a valid pattern without a trailing slash, or ""
}

// Group returns a Group that registers routes on m under prefix, a pattern
// that may have wildcards ("/1.0", "/orgs/{org}"). A trailing slash on
// prefix is ignored, and "" or "/" is the root. It panics with a "tonic:"
// message if the prefix is invalid or ends in a catch-all.
func (m *TrieServeMux) Group(prefix string) *Group {
	p, err := groupPrefix(prefix)
	if err != nil {
		panic(err)
	}
	return &Group{mux: m, prefix: p}
}

// groupPrefix checks a group prefix and returns it without its trailing
// slash.
func groupPrefix(prefix string) (string, error) {
	trimmed := strings.TrimSuffix(prefix, "/")
	if trimmed == "" {
		return "", nil
	}
	pat, err := parsePattern(trimmed)
	if err != nil {
		return "", fmt.Errorf("tonic: invalid group prefix %q: %w", prefix, err)
	}
	if pat.segs[len(pat.segs)-1].kind == segCatchAll {
		return "", fmt.Errorf("tonic: invalid group prefix %q: a prefix cannot end in a catch-all", prefix)
	}
	return trimmed, nil
}

// Prefix returns the group's prefix, without a trailing slash.
func (g *Group) Prefix() string { return g.prefix }

// Handle registers h on the mux for method and the prefix followed by
// pattern, which must start with '/'. It panics as TrieServeMux.Handle does.
func (g *Group) Handle(method, pattern string, h http.Handler) {
	g.mux.Handle(method, g.join(pattern), h)
}

// HandleFunc registers f as Handle does.
func (g *Group) HandleFunc(method, pattern string, f func(http.ResponseWriter, *http.Request)) {
	g.mux.HandleFunc(method, g.join(pattern), f)
}

// HandleNamespace mounts h on the mux under the prefix followed by prefix,
// as TrieServeMux.HandleNamespace does.
func (g *Group) HandleNamespace(prefix string, h http.Handler) {
	g.mux.HandleNamespace(g.join(prefix), h)
}

// Group returns a group under the prefix followed by prefix.
func (g *Group) Group(prefix string) *Group {
	return g.mux.Group(g.join(prefix))
}

// join writes the group's prefix in front of pattern. A pattern that does
// not start with '/' is left for the mux to refuse, with the prefix, so
// that the message names what was registered.
func (g *Group) join(pattern string) string {
	if !strings.HasPrefix(pattern, "/") {
		panic(fmt.Sprintf("tonic: pattern %q registered on group %q does not start with '/'", pattern, g.prefix))
	}
	return g.prefix + pattern
}
