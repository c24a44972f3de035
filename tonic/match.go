package tonic

import (
	"net/http"
	"slices"
	"sort"
	"strings"
)

// matchKind is how the mux answers a request.
type matchKind uint8

const (
	matchRoute      matchKind = iota // a route serves it
	matchNamespace                   // a namespace takes it
	matchRedirect                    // to match.to
	matchOptions                     // automatic OPTIONS answer
	matchNotAllowed                  // 405
	matchNotFound                    // 404
	matchBadRequest                  // 400 for the request target "*"
)

// match is the mux's decision for one request, shared by ServeHTTP and
// Handler.
type match struct {
	kind  matchKind
	head  bool // a GET route serves a HEAD request
	rt    *route
	ns    *namespace
	clean string // the canonical cleaned path
	to    string // the redirect target, or the Allow header of an OPTIONS or 405 answer
}

// match decides how the mux answers r, without modifying it. vals, zero
// on the way in, receives the wildcard values that lookup captures.
func (m *TrieServeMux) match(r *http.Request, vals *values) match {
	if !m.serving.Load() { // Handler and host muxes match too, not only ServeHTTP
		m.startServing()
	}
	if r.RequestURI == "*" {
		return match{kind: matchBadRequest}
	}
	path, clean := r.URL.Path, r.URL.Path
	if r.URL.RawPath != "" || !plainCleanPath(path) {
		path = canonicalPath(r.URL)
		clean = cleanPath(path)
	}
	if clean != path && m.RedirectCleanPath {
		if to, ok := m.target(clean, r.Method, true); ok { // else served on the clean path
			return match{kind: matchRedirect, to: to}
		}
	}
	vals.path = clean
	rt, ns, head := m.root.lookup(clean[1:], true, methodIndex(r.Method), r.Method, vals, 0)
	switch {
	case rt != nil:
		return match{kind: matchRoute, rt: rt, head: head, clean: clean}
	case ns != nil:
		return match{kind: matchNamespace, ns: ns, clean: clean}
	}
	return m.unmatched(r.Method, path, clean, vals.matched)
}

// serves reports whether the mux would serve r with a route, a namespace,
// a redirect or an automatic OPTIONS answer: anything but a 400, 404 or 405.
func (m *TrieServeMux) serves(r *http.Request) bool {
	var vals values
	switch m.match(r, &vals).kind {
	case matchNotAllowed, matchNotFound, matchBadRequest:
		return false
	}
	return true
}

// serveMatch answers r as mt says. vals holds the values lookup captured.
func (m *TrieServeMux) serveMatch(w http.ResponseWriter, r *http.Request, mt *match, vals *values) {
	switch mt.kind {
	case matchRoute:
		serveRoute(w, r, mt.rt, mt.clean, mt.head, vals)
		return
	case matchNamespace:
		mt.ns.serve(w, r, mt.clean)
		return
	}
	noRoute(r)
	switch mt.kind {
	case matchRedirect:
		redirect(w, r, mt.to)
	case matchOptions:
		w.Header().Set("Allow", mt.to)
		if m.Options != nil {
			m.Options.ServeHTTP(w, r)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case matchNotAllowed:
		w.Header().Set("Allow", mt.to)
		WriteError(w, r, http.StatusMethodNotAllowed, Errorf(http.StatusMethodNotAllowed,
			"%s %s is not allowed; the allowed methods are %s", r.Method, fullPath(r), mt.to))
	case matchBadRequest:
		if r.ProtoAtLeast(1, 1) {
			w.Header().Set("Connection", "close")
		}
		WriteError(w, r, http.StatusBadRequest, Errorf(http.StatusBadRequest,
			"the request target * is for OPTIONS only, not %s", r.Method))
	default:
		m.notFound(w, r)
	}
}

// unmatched decides the answer to a request for which no route has its
// method. OPTIONS gets the automatic answer when routes for other methods
// match the path. Otherwise the redirect to the path with its trailing
// slash toggled comes first, when a route there serves the method, as
// ServeMux does (PUT /r and GET /r/ registered, GET /r is redirected);
// then a 405 when routes for other methods match the path; else a 404.
// matched is false when lookup found that no route for any method matches.
func (m *TrieServeMux) unmatched(method, path, clean string, matched bool) match {
	if method == http.MethodOptions {
		if allow := m.allow(clean, matched); allow != "" {
			if clean != path && m.RedirectCleanPath {
				return match{kind: matchRedirect, to: clean}
			}
			return match{kind: matchOptions, to: allow}
		}
	}
	if m.RedirectTrailingSlash && clean != "/" {
		if to, ok := m.toggled(clean, method); ok {
			return match{kind: matchRedirect, to: to}
		}
	}
	if allow := m.allow(clean, matched); allow != "" {
		return match{kind: matchNotAllowed, to: allow}
	}
	return match{kind: matchNotFound}
}

// allow returns the sorted Allow header value for a path: the methods of
// every route that matches it, plus HEAD when GET is there and OPTIONS; ""
// when no route matches, which matched false says without walking the trie.
func (m *TrieServeMux) allow(path string, matched bool) string {
	if !matched {
		return ""
	}
	var buf [8]string
	methods := buf[:0]
	m.root.allowed(path[1:], true, &methods)
	if len(methods) == 0 {
		return ""
	}
	if slices.Contains(methods, http.MethodGet) && !slices.Contains(methods, http.MethodHead) {
		methods = append(methods, http.MethodHead)
	}
	if !slices.Contains(methods, http.MethodOptions) {
		methods = append(methods, http.MethodOptions)
	}
	sort.Strings(methods)
	return strings.Join(methods, ", ")
}
