package tonic

import "net/http"

// maxUnwrap bounds how many layers of middleware target looks through for
// the mux inside a namespace.
const maxUnwrap = 32

// target returns the path that a request with this method for path, a
// canonical clean path, would be served at, following at most one
// trailing-slash redirect when toggle is set, and whether it would be
// served there at all: by a route, by an automatic OPTIONS answer, or by a
// namespace whose handler serves it. A namespace's handler that is (or
// wraps, through Unwrap() http.Handler) a TrieServeMux is asked in turn, on
// the path it would see, so that a redirect never leads to a namespace that
// has no such route, and leads to the inner mux's own redirect target in
// the same hop; any other handler is taken to serve whatever it is given.
// The redirects of ServeHTTP go only to what target finds.
func (m *TrieServeMux) target(path, method string, toggle bool) (string, bool) {
	vals := values{path: path}
	rt, ns, _ := m.root.lookup(path[1:], true, methodIndex(method), method, &vals, 0)
	switch {
	case rt != nil:
		return path, true
	case ns != nil:
		return ns.target(path, method)
	}
	if method == http.MethodOptions && m.allow(path, vals.matched) != "" {
		return path, true // the automatic OPTIONS answer
	}
	if toggle && m.RedirectTrailingSlash && path != "/" {
		if to, ok := m.toggled(path, method); ok {
			return to, true // wins over a 405 here, as in unmatched
		}
	}
	return "", false // a 405 or a 404: nothing to go to
}

// target is TrieServeMux.target for a path that the namespace takes.
func (ns *namespace) target(clean, method string) (string, bool) {
	inner := innerMux(ns.handler)
	if inner == nil {
		return clean, true
	}
	matched, rest := ns.split(clean)
	to, ok := inner.target(rest, method, true)
	switch {
	case !ok:
		return "", false
	case to == rest:
		return clean, true
	}
	return matched + to, true
}

// innerMux returns the TrieServeMux that h is or wraps, or nil.
func innerMux(h http.Handler) *TrieServeMux {
	for range maxUnwrap {
		switch v := h.(type) {
		case *TrieServeMux:
			return v
		case interface{ Unwrap() http.Handler }:
			h = v.Unwrap()
		default:
			return nil
		}
	}
	return nil
}

// toggled returns the target of path with its trailing slash toggled, as
// target finds it. Adding a slash can reach a route only when a pattern
// ends in a slash or a catch-all or a namespace is mounted (slashEnds):
// otherwise it is not tried, and the path is not copied.
func (m *TrieServeMux) toggled(path, method string) (string, bool) {
	if path[len(path)-1] != '/' && !m.slashEnds {
		return "", false
	}
	return m.target(toggleSlash(path), method, false)
}

// toggleSlash adds a trailing slash to path, or removes the one it has.
func toggleSlash(path string) string {
	if path[len(path)-1] == '/' {
		return path[:len(path)-1]
	}
	return path + "/"
}
