package tonictest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
	"github.com/seed78c03fa0/tonic/tonictest"
)

// TestNewRequest gives a handler alone what a mux would: a marshal handler
// served directly binds the path value.
func TestNewRequest(t *testing.T) {
	t.Parallel()
	type update struct {
		Org  string `path:"org"`
		ID   string `path:"id"`
		Dry  bool   `query:"dry"`
		Key  string `header:"X-Key"`
		Name string `json:"name"`
	}
	r := tonictest.NewRequest(t, "PUT /orgs/{org}/items/{id}", &update{Org: "a b", ID: "7", Dry: true, Key: "k", Name: "n"})
	body, _ := io.ReadAll(r.Body)
	checks := []struct{ name, got, want string }{
		{"Pattern", r.Pattern, "PUT /orgs/{org}/items/{id}"},
		{"org", r.PathValue("org"), "a b"},
		{"id", r.PathValue("id"), "7"},
		{"RequestURI", r.RequestURI, "/orgs/a%20b/items/7?dry=true"},
		{"X-Key", r.Header.Get("X-Key"), "k"},
		{"body", string(body), `{"name":"n"}`},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	h := marshal.Typed(func(_ context.Context, in *update) (*update, error) { return in, nil })
	// Served without a mux, the request has no path values.
	tonictest.Error(t, tonictest.Serve(t, h, "PUT /orgs/{org}/items/{id}", &update{Org: "o", ID: "1"}), 400, "path.org")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, tonictest.NewRequest(t, "PUT /orgs/{org}/items/{id}", &update{Org: "o", ID: "1", Name: "x"}))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"Org":"o","ID":"1"`) {
		t.Errorf("the handler alone, with NewRequest: got %d %s, want the path values bound", w.Code, w.Body)
	}
}

// routes is a service with groups, namespaces, hosts and middleware, whose
// handlers count the requests they serve: Matched must serve none.
type routes struct {
	served atomic.Int32
	top    http.Handler
}

func newRoutes() *routes {
	rs := &routes{}
	count := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { rs.served.Add(1) })
	inner := tonic.NewTrieServeMux()
	inner.Handle("GET", "/files/{path...}", count)
	inner.Handle("GET", "/", count)
	api := tonic.NewTrieServeMux()
	api.Group("/1.0").Handle("GET", "/stuff/{id}", count)
	api.Handle("GET", "/stuff/new", count)
	api.Handle("POST", "/stuff", count)
	api.HandleNamespace("/orgs/{org}", middleware.Chain(middleware.RequestID())(inner))
	api.HandleNamespace("/raw", count)
	hosts := tonic.NewHostServeMux()
	hosts.Handle("api.test", api)
	hosts.Handle("*.api.test", api)
	rs.top = middleware.Chain(middleware.RequestID(), middleware.Recovered(nopLogger()))(hosts)
	return rs
}

func TestMatched(t *testing.T) {
	t.Parallel()
	rs := newRoutes()
	tests := []struct {
		name    string
		method  string
		target  string
		pattern string
		path    string
		values  map[string]string
	}{
		{"a group's route", "GET", "http://api.test/1.0/stuff/a%2Fb", "GET /1.0/stuff/{id}", "/1.0/stuff/a/b", map[string]string{"id": "a/b"}},
		{"a literal beats a wildcard", "GET", "http://api.test/stuff/new", "GET /stuff/new", "/stuff/new", nil},
		{"HEAD by the GET route", "HEAD", "http://x.api.test/1.0/stuff/7", "GET /1.0/stuff/{id}", "/1.0/stuff/7", map[string]string{"id": "7"}},
		{"into a namespace", "GET", "http://api.test/orgs/acme/files/a/b.txt", "GET /files/{path...}", "/files/a/b.txt",
			map[string]string{"org": "acme", "path": "a/b.txt"}},
		{"a namespace's root", "GET", "http://api.test/orgs/acme", "GET /", "/", map[string]string{"org": "acme"}},
		{"a namespace with a plain handler", "DELETE", "http://api.test/raw/x", "/raw/", "/x", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tt.method, tt.target, nil)
			got := tonictest.Matched(t, rs.top, r)
			if got.Pattern != tt.pattern || got.URL.Path != tt.path || got.Method != tt.method {
				t.Errorf("got %s %q %s, want %s %q %s", got.Method, got.Pattern, got.URL.Path, tt.method, tt.pattern, tt.path)
			}
			for k, v := range tt.values {
				if got.PathValue(k) != v {
					t.Errorf("%s: got %q, want %q", k, got.PathValue(k), v)
				}
			}
			if r.Pattern != "" || r.PathValue("id") != "" {
				t.Errorf("the request given was modified: %q", r.Pattern)
			}
		})
	}
	t.Cleanup(func() {
		if n := rs.served.Load(); n != 0 {
			t.Errorf("the handlers served %d requests, want none", n)
		}
	})
}

// TestMatchedCleanPath follows the mux's RedirectCleanPath: a mux that does
// not redirect serves the cleaned path.
func TestMatchedCleanPath(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.RedirectCleanPath = false
	mux.HandleFunc("GET", "/a/{id}", func(http.ResponseWriter, *http.Request) { t.Error("served") })
	got := tonictest.Matched(t, mux, httptest.NewRequest("GET", "/x/../a//7", nil))
	if got.Pattern != "GET /a/{id}" || got.PathValue("id") != "7" {
		t.Errorf("got %q with id %q, want GET /a/{id} with 7", got.Pattern, got.PathValue("id"))
	}
}

func TestMatchedFails(t *testing.T) {
	t.Parallel()
	rs := newRoutes()
	tests := []struct {
		name    string
		handler http.Handler
		method  string
		target  string
		want    string
	}{
		{"404", rs.top, "GET", "http://api.test/nope", "tonictest: Matched: GET /nope matches no route; the mux answers 404"},
		{"405", rs.top, "PUT", "http://api.test/stuff", "tonictest: Matched: PUT /stuff matches no route; the mux answers 405"},
		{"redirect", rs.top, "GET", "http://api.test/1.0/stuff/7/", "matches no route; the mux answers 301 /1.0/stuff/7"},
		{"unclean path", rs.top, "GET", "http://api.test/1.0//stuff/7", "matches no route; the mux answers 301 /1.0/stuff/7"},
		{"unknown host", rs.top, "GET", "http://other.test/1.0/stuff/7", `tonictest: Matched: no host of the *tonic.HostServeMux matches "other.test"`},
		{"no mux", http.NotFoundHandler(), "GET", "http://api.test/", "tonictest: Matched: http.HandlerFunc is not a tonic mux, nor middleware around one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := record(t, func(t testing.TB, _ *recorder) {
				tonictest.Matched(t, tt.handler, httptest.NewRequest(tt.method, tt.target, nil))
			})
			if !r.fatal {
				t.Errorf("got no fatal failure, want one")
			}
			r.wantErrors(t, tt.want)
		})
	}
}
