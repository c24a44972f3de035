package tonic

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// wrapper stands for middleware around a namespace's mux: it unwraps to
// the handler it wraps, as tonic's middleware do.
type wrapper struct{ next http.Handler }

func (h wrapper) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.next.ServeHTTP(w, r) }
func (h wrapper) Unwrap() http.Handler                             { return h.next }

// redirectMux is exampled's shape and more: an API under /1.0 with no "/"
// route, a mux behind middleware under /2.0 whose routes want a trailing
// slash, a namespace served by a handler that is no mux, and routes of
// the outer mux beside them.
func redirectMux() *TrieServeMux {
	v1 := NewTrieServeMux()
	v1.Handle("GET", "/stuff", pathEcho("id"))
	v1.Handle("POST", "/stuff", pathEcho("id"))
	v1.Handle("GET", "/stuff/{id}", pathEcho("id"))
	v1.Handle("PUT", "/stuff/{id}", pathEcho("id"))
	v1.Handle("GET", "/sleep/{ms}", pathEcho("ms"))

	v2 := NewTrieServeMux()
	v2.Handle("GET", "/dir/", pathEcho("x"))
	v2.Handle("GET", "/dir/{name}/", pathEcho("name"))
	v2.Handle("POST", "/posts/{id}", pathEcho("id"))
	deep := NewTrieServeMux()
	deep.Handle("GET", "/leaf", pathEcho("x"))
	v2.HandleNamespace("/deep", wrapper{deep})

	m := NewTrieServeMux()
	m.HandleNamespace("/1.0", v1)
	m.HandleNamespace("/2.0/", wrapper{wrapper{v2}})
	m.HandleNamespace("/static", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	m.Handle("GET", "/health", pathEcho("x"))
	m.Handle("GET", "/users/{id}/", pathEcho("id"))
	return m
}

func TestRedirectsLandOnARoute(t *testing.T) {
	t.Parallel()
	m := redirectMux()
	tests := []struct {
		name, method, target string
		code                 int
		location             string
	}{
		{"dot-dot up to a namespace without a root route", "GET", "/1.0/stuff/..", 404, ""},
		{"dot-dot to the namespace's root, slashed", "GET", "/1.0/stuff/../", 404, ""},
		{"dot-dot to a route in the namespace", "GET", "/1.0/stuff/7/..", 301, "/1.0/stuff"},
		{"clean and toggle in one hop", "GET", "/1.0/x/../stuff/", 301, "/1.0/stuff"},
		{"clean and the inner mux's toggle in one hop", "GET", "//2.0/dir/a", 301, "/2.0/dir/a/"},
		{"through two namespaces and middleware", "GET", "/2.0/./deep/leaf/", 301, "/2.0/deep/leaf"},
		{"the inner toggle alone", "GET", "/2.0/dir/a", 301, "/2.0/dir/a/"},
		{"the method decides", "POST", "/2.0/posts/1/", 308, "/2.0/posts/1"},
		{"no route for the method: no redirect", "PUT", "/1.0/stuff/7/..", 405, ""},
		{"no route for the method after a toggle: no redirect", "PUT", "/1.0/stuff/7/../", 404, ""},
		{"a handler that is no mux is trusted", "GET", "/static/a/../b", 301, "/static/b"},
		{"outer route", "GET", "/x/../health", 301, "/health"},
		{"outer toggle", "GET", "/users/1", 301, "/users/1/"},
		{"unclean OPTIONS where routes are", "OPTIONS", "/1.0/./stuff", 308, "/1.0/stuff"},
		{"nothing anywhere", "GET", "/1.0/nope/..//x", 404, ""},
		{"served as it is", "GET", "/1.0/stuff/7", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(m, tt.method, tt.target)
			if w.Code != tt.code || w.Header().Get("Location") != tt.location {
				t.Fatalf("%s %s: got %d Location %q, want %d %q", tt.method, tt.target, w.Code, w.Header().Get("Location"), tt.code, tt.location)
			}
			if tt.location == "" {
				return
			}
			again := serve(m, tt.method, tt.location)
			if again.Code >= 300 {
				t.Errorf("following to %s: got %d %s, want it served in one hop", tt.location, again.Code, again.Header().Get("Location"))
			}
			h, _ := m.Handler(httptest.NewRequest(tt.method, tt.target, nil))
			hw := httptest.NewRecorder()
			h.ServeHTTP(hw, httptest.NewRequest(tt.method, tt.target, nil))
			if hw.Header().Get("Location") != tt.location {
				t.Errorf("Handler: got Location %q, want %q", hw.Header().Get("Location"), tt.location)
			}
		})
	}
}

// TestRandomWalkRedirects sends random paths, clean and not, through the
// mux: every redirect must land, in one hop, on something that is served
// (never a 404, a 405 or another redirect).
func TestRandomWalkRedirects(t *testing.T) {
	t.Parallel()
	m := redirectMux()
	segs := []string{"1.0", "2.0", "stuff", "7", "sleep", "dir", "a", "deep", "leaf", "static", "health",
		"users", "posts", "x", "..", ".", ""}
	methods := []string{"GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"}
	rng := rand.New(rand.NewPCG(10, 10))
	redirects := 0
	for range 50000 {
		var b strings.Builder
		for range 1 + rng.IntN(5) {
			b.WriteString("/" + segs[rng.IntN(len(segs))])
		}
		if rng.IntN(3) == 0 {
			b.WriteString("/")
		}
		method, target := methods[rng.IntN(len(methods))], b.String()
		w := serve(m, method, target)
		if w.Code < 300 || w.Code >= 400 {
			continue
		}
		redirects++
		loc := w.Header().Get("Location")
		again := serve(m, method, loc)
		if again.Code >= 300 {
			t.Fatalf("%s %s: redirected to %s, which answers %d %s", method, target, loc, again.Code, again.Header().Get("Location"))
		}
	}
	if redirects < 2000 {
		t.Errorf("only %d redirects in the walk: the walk does not test much", redirects)
	}
}

// TestSlashAddedOnlyWhereItCanMatch: adding a trailing slash is tried when
// a pattern ends in a slash or a catch-all or a namespace is mounted, and
// each of those still gets its redirect.
func TestSlashAddedOnlyWhereItCanMatch(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name      string
		setup     func(m *TrieServeMux)
		path      string
		wantSlash bool // slashEnds
		wantCode  int
		wantTo    string
	}{
		{"no pattern ends in a slash", func(m *TrieServeMux) { m.Handle("GET", "/a/{x}", ok) }, "/a", false, 404, ""},
		{"a pattern ends in a slash", func(m *TrieServeMux) { m.Handle("GET", "/a/", ok) }, "/a", true, 301, "/a/"},
		{"a catch-all", func(m *TrieServeMux) { m.Handle("GET", "/files/{p...}", ok) }, "/files", true, 301, "/files/"},
		{"a namespace", func(m *TrieServeMux) {
			inner := NewTrieServeMux()
			inner.Handle("GET", "/x/", ok)
			m.HandleNamespace("/v1", inner)
		}, "/v1/x", true, 301, "/v1/x/"},
		{"removing a slash needs none", func(m *TrieServeMux) { m.Handle("GET", "/a", ok) }, "/a/", false, 301, "/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewTrieServeMux()
			tt.setup(m)
			if m.slashEnds != tt.wantSlash {
				t.Errorf("slashEnds: got %v, want %v", m.slashEnds, tt.wantSlash)
			}
			w := httptest.NewRecorder()
			m.ServeHTTP(w, httptest.NewRequest("GET", tt.path, nil))
			if w.Code != tt.wantCode || w.Header().Get("Location") != tt.wantTo {
				t.Errorf("GET %s: got %d to %q, want %d to %q", tt.path, w.Code, w.Header().Get("Location"), tt.wantCode, tt.wantTo)
			}
		})
	}
}
