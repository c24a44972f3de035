package tonic

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// pathEcho reports the path the handler sees, its pattern and a value.
func pathEcho(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s|%s|%s|%s=%s", r.Pattern, r.URL.Path, r.URL.RawPath, name, r.PathValue(name))
	})
}

func TestNamespaces(t *testing.T) {
	t.Parallel()
	inner := NewTrieServeMux()
	inner.Handle("GET", "/stuff/{id}", pathEcho("id"))
	inner.Handle("GET", "/", pathEcho("id"))
	inner.Handle("GET", "/dir/", pathEcho("id"))

	m := NewTrieServeMux()
	m.HandleNamespace("/1.0", inner)
	m.HandleNamespace("/1.0/deep/", pathEcho("x"))
	m.HandleNamespace("/users/{user}", pathEcho("user"))
	m.Handle("GET", "/1.0/exact", pathEcho("x"))
	m.Handle("GET", "/users/{user}", pathEcho("user"))

	tests := []struct {
		name, target string
		code         int
		body         string
		location     string
	}{
		{"prefix stripped", "/1.0/stuff/42", 200, "GET /stuff/{id}|/stuff/42||id=42", ""},
		{"exact prefix arrives as /", "/1.0", 200, "GET /|/||id=", ""},
		{"prefix with slash arrives as /", "/1.0/", 200, "GET /|/||id=", ""},
		{"longest namespace wins", "/1.0/deep/x/y", 200, "/1.0/deep/|/x/y||x=", ""},
		{"a route beats the namespace", "/1.0/exact", 200, "GET /1.0/exact|/1.0/exact||x=", ""},
		{"wildcard prefix", "/users/bob/repos", 200, "/users/{user}/|/repos||user=bob", ""},
		{"exact route beats wildcard namespace", "/users/bob", 200, "GET /users/{user}|/users/bob||user=bob", ""},
		{"escaped slash kept in RawPath", "/1.0/stuff/a%2Fb", 200, "GET /stuff/{id}|/stuff/a/b|/stuff/a%2Fb|id=a/b", ""},
		{"inner 404", "/1.0/nope", 404, "", ""},
		{"inner redirect keeps the prefix", "/1.0/dir?q=1", 301, "", "/1.0/dir/?q=1"},
		{"inner redirect under a wildcard prefix", "/1.0/stuff/42/", 301, "", "/1.0/stuff/42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(m, "GET", tt.target)
			if w.Code != tt.code || (tt.body != "" && w.Body.String() != tt.body) || w.Header().Get("Location") != tt.location {
				t.Errorf("GET %s: got %d %q Location %q, want %d %q %q", tt.target, w.Code, w.Body,
					w.Header().Get("Location"), tt.code, tt.body, tt.location)
			}
		})
	}
}

// TestNamespaceRecordsFullRoute: the record, installed outside, learns the
// route with the prefixes of the namespaces, whatever replaces the request
// on the way.
func TestNamespaceRecordsFullRoute(t *testing.T) {
	t.Parallel()
	inner := NewTrieServeMux()
	inner.Handle("GET", "/stuff/{id}", echo("id"))
	innermost := NewTrieServeMux()
	innermost.Handle("POST", "/x", echo())
	inner.HandleNamespace("/v", innermost)
	m := NewTrieServeMux()
	m.HandleNamespace("/1.0", inner)
	m.HandleNamespace("/plain", echo())
	m.HandleNamespace("/copied", replacing(inner))
	tests := []struct{ method, target, want string }{
		{"GET", "/1.0/stuff/42", "GET /1.0/stuff/{id}"},
		{"POST", "/1.0/v/x", "POST /1.0/v/x"},
		{"GET", "/1.0/nope", ""},
		{"GET", "/1.0/stuff/42/", ""}, // a redirect
		{"GET", "/plain/whatever", "/plain/"},
		{"GET", "/copied/stuff/1", "GET /copied/stuff/{id}"},
	}
	for _, tt := range tests {
		r, rec := WithRecord(httptest.NewRequest(tt.method, tt.target, nil), nil)
		m.ServeHTTP(httptest.NewRecorder(), r)
		if got := rec.Route(); got != tt.want {
			t.Errorf("%s %s: route got %q, want %q", tt.method, tt.target, got, tt.want)
		}
	}
}

// replacing is middleware that serves a copy of the request with a context
// of its own, as foreign middleware does.
func replacing(h http.Handler) http.Handler {
	type key struct{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, 1)))
	})
}

func TestNamespaceRoot(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/health", echo())
	m.HandleNamespace("/", pathEcho("x"))
	if got := serve(m, "GET", "/health").Body.String(); got != "GET /health" {
		t.Errorf("route: got %q", got)
	}
	if got := serve(m, "DELETE", "/anything/at/all").Body.String(); got != "/|/anything/at/all||x=" {
		t.Errorf("root namespace: got %q", got)
	}
}
