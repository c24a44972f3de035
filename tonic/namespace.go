package tonic

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
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
	patterns sync.Map // a pattern matched inside -> *string, the pattern seen outside
}

// HandleNamespace registers h for every request whose path is prefix or
// starts with prefix + "/", whatever its method, unless a more specific
// route matches. h sees the request with the prefix stripped from URL.Path
// and URL.RawPath ("/1.0/stuff" arrives as "/stuff", "/1.0" as "/"), so a
// mux mounted there registers its routes without the prefix. The longest
// namespace wins, and the prefix may have wildcards (not a catch-all), whose
// values h reads with r.PathValue.
//
// While h runs, r.Pattern is prefix + "/" until a mux inside sets the
// pattern of its route ("GET /stuff/{id}"). The request's Record (see
// RecordFrom) carries the full route, prefix included ("GET
// /1.0/stuff/{id}"), to the middleware outside the namespace, which names
// logs and metrics after it. A namespace copies the request once, to strip
// the prefix; to mount routes under a prefix without that copy, register
// them with the prefix or through Group.
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
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.checkRegistration("namespace", prefix, h); err != nil {
		return err
	}
	trimmed := strings.TrimSuffix(prefix, "/")
	ns := &namespace{handler: h, pattern: "/"}
	m.slashEnds = true
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
	m.list.add(listEntry{ns: ns})
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

// nsFrame records, in a request's Record, a namespace that the request went
// through and the canonical path prefix it stripped.
type nsFrame struct {
	ns      *namespace
	matched string
}

// namespacePrefix returns the canonical path prefix stripped by the
// namespaces the request went through, for redirects and messages.
func namespacePrefix(ctx context.Context) string {
	rec := RecordFrom(ctx)
	if rec == nil || rec.ns == nil {
		return ""
	}
	if len(*rec.ns) == 1 {
		return (*rec.ns)[0].matched
	}
	var b strings.Builder
	for _, f := range *rec.ns {
		b.WriteString(f.matched)
	}
	return b.String()
}

// nsRequest is the request a namespace hands to its handler, allocated in
// one piece with its URL.
type nsRequest struct {
	req http.Request
	url url.URL
}

// serve hands r, whose canonical cleaned path is clean, to the namespace's
// handler with the prefix stripped. The request's Record (installed here if
// the request has none) learns the namespace, so that the route a mux
// inside matches is recorded with the prefix, and its redirects keep it.
func (ns *namespace) serve(w http.ResponseWriter, r *http.Request, clean string) {
	forEachValue(clean, ns.names, ns.segIdx, false, r.SetPathValue)
	matched, rest := ns.split(clean)
	r.Pattern = ns.pattern
	r, rec := WithRecord(r, nil)
	if rec.ns == nil {
		rec.ns = &[]nsFrame{}
	}
	*rec.ns = append(*rec.ns, nsFrame{ns: ns, matched: matched})
	rec.setRoute(&ns.pattern)
	c := &nsRequest{req: *r, url: *r.URL}
	c.req.URL = &c.url
	c.url.Path, c.url.RawPath = rest, ""
	if strings.IndexByte(rest, '%') >= 0 {
		c.url.Path, c.url.RawPath = unescapeValue(rest), escapePath(rest)
	}
	ns.handler.ServeHTTP(w, &c.req)
}

// split cuts clean after the namespace's prefix: the part the prefix
// matched and the rest, "/" when nothing is left.
func (ns *namespace) split(clean string) (matched, rest string) {
	end := 0
	for i := 0; i < ns.depth; i++ {
		next := strings.IndexByte(clean[end+1:], '/')
		if next < 0 {
			end = len(clean)
			break
		}
		end += 1 + next
	}
	matched, rest = clean[:end], clean[end:]
	if rest == "" {
		rest = "/"
	}
	return matched, rest
}

// outerPattern returns the pattern, seen from outside the namespace, of the
// pattern inner that something inside it matched: the inner route with the
// prefix added. The results are kept, so that requests do not allocate.
func (ns *namespace) outerPattern(inner string) *string {
	if inner == ns.pattern {
		return &ns.pattern
	}
	if p, ok := ns.patterns.Load(inner); ok {
		return p.(*string)
	}
	method, path, ok := strings.Cut(inner, " ")
	outer := ns.prefix + inner
	if ok {
		outer = method + " " + ns.prefix + path
	}
	p, _ := ns.patterns.LoadOrStore(inner, &outer)
	return p.(*string)
}
