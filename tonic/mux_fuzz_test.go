package tonic

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzMux has routes of every kind, a namespace and both redirects on.
func fuzzMux() http.Handler {
	inner := NewTrieServeMux()
	inner.Handle("GET", "/stuff/{id}", noop)
	inner.Handle("GET", "/dir/", noop)
	m := NewTrieServeMux()
	for _, p := range []string{"/", "/a", "/a/b/", "/users/new", "/users/{id}", "/users/{id}/x",
		"/files/{p...}", "/evil.com", "/x%2Fy", "/sp ace", "/\\evil",
		"/run/of/literals/", "/run/of/{x}/end", "/run/of", "/m/c0", "/m/c1", "/m/c2", "/m/c3", "/m/c4", "/m/c5",
		"/m/c6", "/m/c7", "/m/c8", "/m/c9/deep/run", "/m/c10/{x}"} {
		m.Handle("GET", p, noop)
		m.Handle("POST", p, noop)
	}
	m.HandleNamespace("/1.0", inner)
	m.HandleNamespace("/ns/{v}", inner)
	return m
}

// FuzzMux sends arbitrary methods and request targets through a mux: it must
// never panic, every Location it sends must stay on this site, and the
// request it redirects to must be served there, without another redirect.
func FuzzMux(f *testing.F) {
	for _, s := range []string{"/", "//evil.com", "/\\evil.com", "/a/../../b", "/users/new/", "/files",
		"/1.0/dir", "/1.0/../a", "/%2e%2e/a", "/x%2fy/", "/a//b?x=1", "/ns/%2F/dir", "/sp%20ace/", "/%5Cevil/", "/1.0/stuff/..", "/ns/v/stuff/7/", "/1.0/x/../dir"} {
		f.Add("GET", s)
		f.Add("POST", s)
	}
	m := fuzzMux()
	f.Fuzz(func(t *testing.T, method, target string) {
		if !isToken(method) || !strings.HasPrefix(target, "/") {
			return
		}
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		r := &http.Request{Method: method, URL: u, Header: http.Header{}, Host: "site.test", RequestURI: target}
		w := httptest.NewRecorder()
		m.ServeHTTP(w, r)
		loc := w.Header().Get("Location")
		if loc == "" {
			return
		}
		if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
			t.Fatalf("%s %q: Location %q may leave the site", method, target, loc)
		}
		lu, err := url.Parse(loc)
		if err != nil || lu.Host != "" || lu.Scheme != "" {
			t.Fatalf("%s %q: Location %q is not a path on this site (%v)", method, target, loc, err)
		}
		if w.Code != http.StatusMovedPermanently && w.Code != http.StatusPermanentRedirect {
			t.Fatalf("%s %q: Location with status %d", method, target, w.Code)
		}
		next := &http.Request{Method: method, URL: lu, Header: http.Header{}, Host: "site.test", RequestURI: loc}
		w2 := httptest.NewRecorder()
		m.ServeHTTP(w2, next)
		if w2.Code >= 300 {
			t.Fatalf("%s %q: redirected to %q, which answers %d %q: want it served, in one hop",
				method, target, loc, w2.Code, w2.Header().Get("Location"))
		}
	})
}

// FuzzParsePattern checks that a parsed pattern's canonical form parses to
// itself, and that the mux either registers a pattern or panics with a
// "tonic:" message.
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"/", "/a/{b}/c", "/f/{p...}", "/:a/*b", "/%61", "/a%2fb/", "/{a}/{a}", "/x{y}", "/#/", "/%x", "/%", "/a%2x%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		pat, err := parsePattern(p)
		msg := panicMessage(func() { NewTrieServeMux().Handle("GET", p, noop) })
		if err != nil {
			if !strings.HasPrefix(msg, "tonic: ") {
				t.Fatalf("Handle(%q): got panic %q, want a tonic: message for %v", p, msg, err)
			}
			return
		}
		if msg != "" {
			t.Fatalf("Handle(%q) panicked with %q for a valid pattern", p, msg)
		}
		again, err := parsePattern(pat.str)
		if err != nil || again.str != pat.str {
			t.Fatalf("pattern %q: canonical %q parses to %v, %v", p, pat.str, again, err)
		}
	})
}
