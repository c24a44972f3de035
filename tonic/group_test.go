package tonic

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGroup(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	v1 := m.Group("/1.0/")
	v1.Handle("GET", "/stuff/{id}", pathEcho("id"))
	v1.Handle("GET", "/", pathEcho("id"))
	orgs := v1.Group("/orgs/{org}")
	orgs.HandleFunc("POST", "/things", pathEcho("org").ServeHTTP)
	v1.HandleNamespace("/files", pathEcho("x"))
	root := m.Group("")
	root.Handle("GET", "/health", echo())
	tests := []struct {
		method, target string
		code           int
		body           string
	}{
		{"GET", "/1.0/stuff/7", 200, "GET /1.0/stuff/{id}|/1.0/stuff/7||id=7"},
		{"GET", "/1.0/", 200, "GET /1.0/|/1.0/||id="},
		{"POST", "/1.0/orgs/acme/things", 200, "POST /1.0/orgs/{org}/things|/1.0/orgs/acme/things||org=acme"},
		{"GET", "/1.0/files/a/b", 200, "/1.0/files/|/a/b||x="},
		{"GET", "/health", 200, "GET /health"},
		{"GET", "/stuff/7", 404, ""},
		{"DELETE", "/1.0/stuff/7", 405, ""},
	}
	for _, tt := range tests {
		w := serve(m, tt.method, tt.target)
		if w.Code != tt.code || (tt.body != "" && w.Body.String() != tt.body) {
			t.Errorf("%s %s: got %d %q, want %d %q", tt.method, tt.target, w.Code, w.Body, tt.code, tt.body)
		}
	}
	if got := v1.Prefix(); got != "/1.0" {
		t.Errorf("Prefix: got %q, want /1.0", got)
	}
	r, rec := WithRecord(httptest.NewRequest("GET", "/1.0/stuff/7", nil), nil)
	m.ServeHTTP(httptest.NewRecorder(), r)
	if rec.Route() != "GET /1.0/stuff/{id}" {
		t.Errorf("route: got %q", rec.Route())
	}
}

func TestGroupMisuse(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"bad prefix", func() { m.Group("nope") }, `invalid group prefix "nope"`},
		{"catch-all prefix", func() { m.Group("/a/{rest...}") }, "cannot end in a catch-all"},
		{"pattern without slash", func() { m.Group("/v").Handle("GET", "x", echo()) }, `pattern "x" registered on group "/v" does not start with '/'`},
		{"conflict names the whole pattern", func() {
			g := m.Group("/c")
			g.Handle("GET", "/{a}", echo())
			g.Handle("GET", "/{b}", echo())
		}, "GET /c/{b} conflicts with GET /c/{a}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := panicMessage(tt.f)
			if !strings.HasPrefix(msg, "tonic: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("got panic %q, want a tonic: panic containing %q", msg, tt.want)
			}
		})
	}
}
