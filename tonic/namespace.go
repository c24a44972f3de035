package tonic

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// namespace hands every request under a path prefix to one handler.
type namespace struct {
	prefix   string // canonical prefix pattern without trailing slash, "" for the root
	pattern  string // r.Pattern while the handler runs: prefix + "/"
	depth    int    // the number of segments in the prefix
	names    []string
	segIdx   []int
	handler  http.Handler
	patterns sync.Map // inner r.Pattern -> outer r.Pattern
}

// HandleNamespace registers h for every request whose path is prefix or
// starts with prefix + "/", whatever its method, unless a more specific
// route matches. h sees the request with the prefix stripped from URL.Path
// and URL.RawPath ("/1.0/stuff" arrives as "/stuff", "/1.0" as "/"), so a
// mux mounted there registers its routes without the prefix. The longest
// namespace wins, and the prefix may have wildcards (not a catch-all), whose
// values h reads with r.PathValue.
//
// While h runs, r.Pattern is prefix + "/"; when h is a mux that sets the
// pattern of its route, the namespace hands it back to the outer request with
// the prefix added ("GET /1.0/stuff/{id}"), so middleware outside the
// namespace names logs and metrics after the full route.
//
// A trailing slash on prefix is ignored, and "" or "/" is the root. It
// panics with a "tonic:" message if the prefix is invalid, h is nil, the
// namespace exists, a catch-all route covers the same paths, or the mux has
// started serving.
func (m *TrieServeMux) HandleNamespace(prefix string, h http.Handler) {
	if err := m.handleNamespace(prefix, h); err != nil {
		panic(err)
	}
}

// handleNamespace is HandleNamespace's error-returning core.
func (m *TrieServeMux) handleNamespace(prefix string, h http.Handler) error {
	if err := m.checkRegistration("namespace "+prefix, h); err != nil {
		return err
	}
	trimmed := strings.TrimSuffix(prefix, "/")
	ns := &namespace{handler: h, pattern: "/"}
	var segs []segment
	if trimmed != "" {
		pat, err := parsePattern(trimmed)
		if err != nil {
			return fmt.Errorf("tonic: invalid namespace %q: %w", prefix, err)
		}
		segs = pat.segs
		if segs[len(segs)-1].kind == segCatchAll {
			return fmt.Errorf("tonic: invalid namespace %q: a namespace cannot end in a catch-all", prefix)
		}
		ns.prefix, ns.pattern, ns.depth = pat.str, pat.str+"/", len(segs)
		rt := newRoute("", pat, h)
		ns.names, ns.segIdx = rt.names, rt.segIdx
	}
	leaf := m.root.insert(segs)
	if err := checkNamespaceConflict(leaf, ns); err != nil {
		return err
	}
	leaf.ns = ns
	m.list = append(m.list, Route{Pattern: ns.pattern, Handler: h})
	return nil
}

// checkNamespaceConflict reports a namespace or catch-all route that
// matches the same requests as ns.
func checkNamespaceConflict(leaf *node, ns *namespace) error {
	if leaf.ns != nil {
		if leaf.ns.pattern == ns.pattern {
			return fmt.Errorf("tonic: namespace %s is already registered", ns.pattern)
		}
		return fmt.Errorf("tonic: namespace %s conflicts with namespace %s", ns.pattern, leaf.ns.pattern)
	}
	if leaf.catchAll != nil && leaf.catchAll.routes != nil {
		var other string
		leaf.catchAll.routes.each(func(rt *route) {
			if other == "" {
				other = rt.pattern
			}
		})
		return fmt.Errorf("tonic: namespace %s conflicts with %s: both match every path under %s",
			ns.pattern, other, ns.pattern)
	}
	return nil
}

// nsPrefixKey is the context key of the innermost nsFrame of a request.
type nsPrefixKey struct{}

// nsFrame records a namespace that a request went through: the canonical
// path prefix stripped so far (so redirects keep it) and the namespace
// itself (so the full route pattern can be told while the request runs).
type nsFrame struct {
	prefix string
	ns     *namespace
	parent *nsFrame
}

// namespacePrefix returns the canonical path prefix stripped by namespaces.
func namespacePrefix(ctx context.Context) string {
	if f, ok := ctx.Value(nsPrefixKey{}).(*nsFrame); ok {
		return f.prefix
	}
	return ""
}

// fullPattern returns pattern, a route pattern of the innermost mux, with
// the prefixes of the namespaces the request went through.
func fullPattern(ctx context.Context, pattern string) string {
	f, _ := ctx.Value(nsPrefixKey{}).(*nsFrame)
	for ; f != nil; f = f.parent {
		pattern = f.ns.outerPattern(pattern)
	}
	return pattern
}

// serve hands r, whose canonical cleaned path is clean, to the namespace's
// handler with the prefix stripped, then hands the inner route pattern back.
func (ns *namespace) serve(w http.ResponseWriter, r *http.Request, clean string) {
	forEachValue(clean, ns.names, ns.segIdx, false, r.SetPathValue)
	end := 0
	for i := 0; i < ns.depth; i++ {
		next := strings.IndexByte(clean[end+1:], '/')
		if next < 0 {
			end = len(clean)
			break
		}
		end += 1 + next
	}
	matched, rest := clean[:end], clean[end:]
	if rest == "" {
		rest = "/"
	}
	r.Pattern = ns.pattern
	ctx := r.Context()
	parent, _ := ctx.Value(nsPrefixKey{}).(*nsFrame)
	frame := &nsFrame{prefix: matched, ns: ns, parent: parent}
	if parent != nil {
		frame.prefix = parent.prefix + matched
	}
	recordRoute(ctx, fullPattern(ctx, ns.pattern))
	r2 := r.WithContext(context.WithValue(ctx, nsPrefixKey{}, frame))
	u := *r.URL
	r2.URL = &u
	u.Path, u.RawPath = rest, ""
	if strings.IndexByte(rest, '%') >= 0 {
		u.Path, u.RawPath = unescapeValue(rest), escapePath(rest)
	}
	ns.handler.ServeHTTP(w, r2)
	r.Pattern = ns.outerPattern(r2.Pattern)
}

// outerPattern returns the pattern of the outer request for the pattern the
// inner handler left: the inner route with the prefix added.
func (ns *namespace) outerPattern(inner string) string {
	if inner == ns.pattern || inner == "" {
		return inner
	}
	if p, ok := ns.patterns.Load(inner); ok {
		return p.(string)
	}
	method, path, ok := strings.Cut(inner, " ")
	outer := ns.prefix + inner
	if ok {
		outer = method + " " + ns.prefix + path
	}
	ns.patterns.Store(inner, outer)
	return outer
}
