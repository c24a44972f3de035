package tonictest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Matched returns the request that the handler of the route matching r in
// h would get, without serving it: r.Pattern is the route's pattern and the
// path values are set, as the mux sets them. h is a *tonic.TrieServeMux, a
// *tonic.HostServeMux, or middleware around one (a handler with an
// Unwrap() http.Handler method, as tonic's middleware have), which is
// looked through but not run. Namespaces are followed into the handler they
// mount, with the prefix stripped and its path values set, as far as that
// handler is a mux (or middleware around one); a namespace whose handler is
// something else gives the request that handler gets.
//
// The matching is the mux's own: the route is the one TrieServeMux.Handler
// picks, and the values are set by a mux serving that route alone. r is not
// modified. Matched fails the test at once if no route matches r (a 404,
// 405, redirect or automatic OPTIONS answer, which it names), or if h is no
// mux. It is what Tiger Tonic's mocking.URL gave.
func Matched(t testing.TB, h http.Handler, r *http.Request) *http.Request {
	t.Helper()
	r = r.Clone(r.Context())
	top := h
	for mux := false; ; {
		switch m := h.(type) {
		case *tonic.HostServeMux:
			next, pattern := m.Handler(r)
			if pattern == "" {
				t.Fatalf("tonictest: Matched: no host of the %T matches %q", m, r.Host)
			}
			h, mux = next, true
		case *tonic.TrieServeMux:
			next, matched := matchRoute(t, m, r)
			if next == nil {
				return matched
			}
			h, r, mux = next, matched, true
		default:
			u, ok := h.(interface{ Unwrap() http.Handler })
			switch {
			case ok && u.Unwrap() != nil:
				h = u.Unwrap()
			case mux:
				return r // the handler a namespace mounts
			default:
				t.Fatalf("tonictest: Matched: %T is not a tonic mux, nor middleware around one", top)
			}
		}
	}
}

// matchRoute matches r in m. For a route it returns a nil handler and the
// request its handler gets; for a namespace, the namespace's handler and
// the request handed to it.
func matchRoute(t testing.TB, m *tonic.TrieServeMux, r *http.Request) (http.Handler, *http.Request) {
	t.Helper()
	answer, pattern := m.Handler(r)
	if pattern == "" {
		rec := httptest.NewRecorder()
		answer.ServeHTTP(rec, r.Clone(r.Context()))
		t.Fatalf("tonictest: Matched: %s %s matches no route; the mux answers %d %s %s",
			r.Method, r.URL.RequestURI(), rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	var route tonic.Route
	for _, rt := range m.Routes() {
		if (rt.Method == "" && rt.Pattern == pattern) || (rt.Method != "" && rt.Method+" "+rt.Pattern == pattern) {
			route = rt
			break
		}
	}
	if route.Handler == nil {
		t.Fatalf("tonictest: Matched: the mux picked %q, which it does not list", pattern)
	}
	probe := tonic.NewTrieServeMux()
	probe.RedirectTrailingSlash, probe.RedirectCleanPath = m.RedirectTrailingSlash, m.RedirectCleanPath
	var seen *http.Request
	capture := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = r })
	if route.Method == "" {
		probe.HandleNamespace(route.Pattern, capture)
	} else {
		probe.Handle(route.Method, route.Pattern, capture)
	}
	probe.ServeHTTP(httptest.NewRecorder(), r)
	if seen == nil {
		t.Fatalf("tonictest: Matched: %s %s does not match %q alone", r.Method, r.URL.RequestURI(), pattern)
	}
	if route.Method == "" {
		return route.Handler, seen
	}
	return nil, seen
}
