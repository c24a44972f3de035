package tonic

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/julienschmidt/httprouter"
)

// TrieServeMux is an HTTP request router that understands methods and
// wildcards. See the package documentation for its patterns and rules.
//
// Register every route before serving: Handle, HandleFunc and
// HandleNamespace panic once the mux has served a request. Serving is safe
// for concurrent use, and a registration that races with the first request
// either takes effect before that request is routed or panics.
type TrieServeMux struct {
	// RedirectTrailingSlash redirects a request for which no route has its
	// method to the same path with the trailing slash added or removed,
	// when a route for the request's method exists there: 301 for GET and
	// HEAD, 308 otherwise. The redirect wins over the 405 that routes for
	// other methods at the request's path would give, as ServeMux's does;
	// an OPTIONS request for a path with routes is answered there.
	// Defaults to true.
	RedirectTrailingSlash bool

	// RedirectCleanPath redirects a request whose path has empty, "." or
	// ".." segments to the cleaned path (httprouter.CleanPath) when a route
	// exists there, with the same codes: in one hop, to the cleaned path
	// with its trailing slash toggled when only that is served, and never
	// into a namespace whose mux has no such route. When false, or when
	// nothing serves the cleaned path, it is served directly. Requests are
	// routed on the cleaned path either way. Defaults to true.
	RedirectCleanPath bool

	// NotFound serves requests that match no route. Defaults to a 404
	// error response through WriteError.
	NotFound http.Handler

	// Options serves OPTIONS requests for which no OPTIONS route is
	// registered but other routes match the path, after the mux has set the
	// Allow header, e.g. to answer CORS preflight requests. Defaults to an
	// empty 204 response.
	Options http.Handler

	root    node
	list    routeList
	serving atomic.Bool
	mu      sync.Mutex // held while registering, and while the first request sets serving
	// slashEnds is set when a pattern ends in a slash or a catch-all, or a
	// namespace is mounted: only then can adding a trailing slash to a path
	// reach a route (see toggled). Written only while registering.
	slashEnds bool
}

// Route describes a registered route, as listed by TrieServeMux.Routes.
type Route struct {
	// Method is the request method, AnyMethod for a route of every method
	// without one of its own, or "" for a namespace.
	Method string
	// Pattern is the canonical pattern, with {name} and {name...}
	// wildcards; a namespace's ends in "/".
	Pattern string
	// Handler is the registered handler.
	Handler http.Handler
}

var _ http.Handler = (*TrieServeMux)(nil)

// NewTrieServeMux returns an empty mux with both redirects enabled.
func NewTrieServeMux() *TrieServeMux {
	return &TrieServeMux{RedirectTrailingSlash: true, RedirectCleanPath: true}
}

// AnyMethod is the method of a route that serves every request method
// that has no route of its own at the pattern, extension methods included,
// like a ServeMux pattern without a method. A path that an AnyMethod route
// matches never gets a 405, and OPTIONS requests go to it rather than to
// the automatic OPTIONS answer.
const AnyMethod = "*"

// Handle registers h for requests with the given method whose path matches
// pattern; method AnyMethod ("*") serves every method that the pattern has
// no route for. It panics with a "tonic:" message if the method or pattern
// is invalid, h is nil (a nil interface, or a nil func, pointer, map,
// slice or channel inside it), the method and pattern are already
// registered, another route with this method matches exactly the same
// paths (such as /a/{x} and /a/{y}), or the mux has started serving.
//
// Standard method names are matched case-insensitively at registration
// ("get" registers GET); request methods are matched exactly, as RFC 9110
// requires.
func (m *TrieServeMux) Handle(method, pattern string, h http.Handler) {
	if err := m.handle(method, pattern, h); err != nil {
		panic(err)
	}
}

// HandleFunc registers f for the method and pattern, as Handle does.
func (m *TrieServeMux) HandleFunc(method, pattern string, f func(http.ResponseWriter, *http.Request)) {
	if f == nil {
		panic(fmt.Sprintf("tonic: nil handler for %s %s", method, pattern))
	}
	m.Handle(method, pattern, http.HandlerFunc(f))
}

// handle is Handle's error-returning core.
func (m *TrieServeMux) handle(method, pattern string, h http.Handler) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	method = normalizeMethod(method)
	if err := m.checkRegistration(method, pattern, h); err != nil {
		return err
	}
	if !isToken(method) {
		return fmt.Errorf("tonic: invalid method %q for pattern %q", method, pattern)
	}
	pat, err := parsePattern(pattern)
	if err != nil {
		return fmt.Errorf("tonic: invalid pattern %q: %w", pattern, err)
	}
	parent := m.root.insert(pat.segs[:len(pat.segs)-1])
	leaf := parent.child(pat.segs[len(pat.segs)-1])
	rt := newRoute(method, pat, h)
	if err := checkRouteConflict(parent, leaf, rt, pat); err != nil {
		return err
	}
	if leaf.routes == nil {
		leaf.routes = &routeSet{}
	}
	leaf.routes.add(rt)
	m.list.add(listEntry{rt: rt})
	if last := pat.segs[len(pat.segs)-1]; last.kind == segCatchAll || last.kind == segLiteral && last.text == "" {
		m.slashEnds = true
	}
	return nil
}

// checkRegistration refuses nil handlers and registration while serving.
func (m *TrieServeMux) checkRegistration(kind, name string, h http.Handler) error {
	if isNilHandler(h) {
		return fmt.Errorf("tonic: nil handler for %s %s", kind, name)
	}
	if m.serving.Load() {
		return fmt.Errorf("tonic: %s %s registered after the mux started serving; register every route first", kind, name)
	}
	return nil
}

// isNilHandler reports whether h is nil or holds a nil func, pointer, map,
// slice or channel, which would panic when called. It runs at registration
// only.
func isNilHandler(h http.Handler) bool {
	if h == nil {
		return true
	}
	switch v := reflect.ValueOf(h); v.Kind() {
	case reflect.Func, reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// checkRouteConflict reports a route that matches the same requests as rt,
// or a namespace at parent that a catch-all rt would cover.
func checkRouteConflict(parent, leaf *node, rt *route, pat *pattern) error {
	if leaf.routes != nil {
		if old := leaf.routes.lookupExact(rt.method); old != nil {
			if old.pattern == rt.pattern {
				return fmt.Errorf("tonic: %s is already registered", rt.pattern)
			}
			return fmt.Errorf("tonic: %s conflicts with %s: both match %s %s",
				rt.pattern, old.pattern, rt.method, pat.example())
		}
	}
	if rt.catchAll && parent.ns != nil { // a catch-all route ends at parent.catchAll
		return fmt.Errorf("tonic: %s conflicts with namespace %s: both match %s",
			rt.pattern, parent.ns.pattern, pat.example())
	}
	return nil
}

// newRoute builds the route record of a parsed pattern.
func newRoute(method string, pat *pattern, h http.Handler) *route {
	rt := &route{method: method, pattern: method + " " + pat.str, handler: h}
	n := 0
	for _, s := range pat.segs {
		if s.kind != segLiteral {
			n++
		}
	}
	if n > 0 {
		rt.names, rt.segIdx = make([]string, 0, n), make([]int, 0, n)
	}
	for i, s := range pat.segs {
		if s.kind != segLiteral {
			rt.names = append(rt.names, s.text)
			rt.segIdx = append(rt.segIdx, i)
			rt.catchAll = s.kind == segCatchAll
		}
	}
	return rt
}

// normalizeMethod upper-cases the standard method names.
func normalizeMethod(method string) string {
	if method == AnyMethod {
		return method
	}
	upper := strings.ToUpper(method)
	if methodIndex(upper) != mOther {
		return upper
	}
	return method
}

// Routes returns the registered routes and namespaces, in registration order.
func (m *TrieServeMux) Routes() []Route {
	return m.list.all()
}

// ServeHTTP dispatches the request to the most specific matching route,
// after setting r.Pattern to the route's "METHOD /pattern" and its wildcard
// values with r.SetPathValue. Requests that match no route get a redirect,
// an automatic OPTIONS answer, a 405 with an Allow header, or a 404; the
// request target "*" (not OPTIONS, which net/http's server answers) gets a
// 400.
func (m *TrieServeMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !m.serving.Load() {
		m.startServing()
	}
	if m.servePlain(w, r) {
		return
	}
	var vals values
	mt := m.match(r, &vals)
	m.serveMatch(w, r, &mt, &vals)
}

// servePlain serves a request whose path is already canonical (no RawPath,
// no '%') in one walk that checks the path is clean as it goes, and reports
// whether it did; the request is left untouched for match otherwise. It is
// ServeHTTP's fast path, and decides as match does.
func (m *TrieServeMux) servePlain(w http.ResponseWriter, r *http.Request) bool {
	path := r.URL.Path
	if r.URL.RawPath != "" || path == "" || path[0] != '/' || hasPercent(path) {
		return false
	}
	vals := values{path: path, check: true}
	rt, ns, head := m.root.lookup(path[1:], true, methodIndex(r.Method), r.Method, &vals, 0)
	if vals.unclean || rt == nil && !isCleanPath(path) { // a walk that stops short has not seen all of it
		return false
	}
	switch {
	case rt != nil:
		serveRoute(w, r, rt, path, head, &vals)
	case ns != nil:
		ns.serve(w, r, path)
	default:
		mt := m.unmatched(r.Method, path, path, vals.matched)
		m.serveMatch(w, r, &mt, &vals)
	}
	return true
}

// startServing marks the mux as serving, after any registration under way:
// a request that sees serving set sees every route registered before it,
// and a registration after it is refused.
func (m *TrieServeMux) startServing() {
	m.mu.Lock()
	m.serving.Store(true)
	m.mu.Unlock()
}

// Handler returns the handler that would serve r and the pattern it would
// set in r.Pattern ("" for a redirect, OPTIONS, 400, 405 or 404 answer). It
// does not modify r: the handler it returns sets the pattern and wildcard
// values on the request it serves, which must have r's path.
func (m *TrieServeMux) Handler(r *http.Request) (h http.Handler, pattern string) {
	vals := new(values)
	mt := m.match(r, vals)
	switch mt.kind {
	case matchRoute:
		pattern = mt.rt.pattern
	case matchNamespace:
		pattern = mt.ns.pattern
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { m.serveMatch(w, r, &mt, vals) }), pattern
}

// cleanPath returns the cleaned form of a canonical path. An empty path,
// which an absolute-form request target such as "http://example.com" has,
// is "/" (RFC 9112 section 3.2.2), and a path without a leading '/' (which
// only a handler calling ServeHTTP can hand over) gets one.
func cleanPath(path string) string {
	if path != "" && path[0] == '/' && isCleanPath(path) {
		return path
	}
	return httprouter.CleanPath(path)
}

// serveRoute serves a matched route.
// vals holds the values lookup captured, or is nil.
func serveRoute(w http.ResponseWriter, r *http.Request, rt *route, clean string, head bool, vals *values) {
	r.Pattern = rt.pattern
	if rec := RecordFrom(r.Context()); rec != nil {
		rec.setRoute(&rt.pattern)
	}
	if len(rt.names) > 0 {
		rt.setValues(r, clean, vals)
	}
	if head {
		w = headWriter{w}
	}
	rt.handler.ServeHTTP(w, r)
}

// noRoute clears the pattern of a request that no route serves, in r and in
// its Record (a namespace may have recorded its own pattern on the way in).
func noRoute(r *http.Request) {
	r.Pattern = ""
	if rec := RecordFrom(r.Context()); rec != nil {
		rec.SetRoute("")
	}
}

// notFound answers a request that matches nothing.
func (m *TrieServeMux) notFound(w http.ResponseWriter, r *http.Request) {
	if m.NotFound != nil {
		m.NotFound.ServeHTTP(w, r)
		return
	}
	WriteError(w, r, http.StatusNotFound, NewError(http.StatusNotFound, r.Method+" "+fullPath(r)+" not found"))
}

// fullPath returns the request's path as the client sent it, with the
// prefix of the namespaces it went through, for messages.
func fullPath(r *http.Request) string {
	if prefix := namespacePrefix(r.Context()); prefix != "" {
		return unescapeValue(prefix) + r.URL.Path
	}
	return r.URL.Path
}

// redirect sends a redirect to target, a canonical path on this site (under
// the prefix of the namespaces the request went through), keeping the
// query: 301 for GET and HEAD, 308 for other methods so they are repeated.
// The Location is never built from Host or X-Forwarded-* headers.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	loc := escapePath(namespacePrefix(r.Context()) + target)
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	code := http.StatusPermanentRedirect
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		code = http.StatusMovedPermanently
	}
	w.Header().Set("Location", loc)
	WriteError(w, r, code, Errorf(code, "moved to %s", loc))
}

// headWriter drops the body that a GET handler writes for a HEAD request.
type headWriter struct{ http.ResponseWriter }

func (h headWriter) Write(p []byte) (int, error) { return len(p), nil }

// Flush flushes the underlying writer, if it can.
func (h headWriter) Flush() {
	if f, ok := h.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (h headWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }
