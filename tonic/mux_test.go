package tonic

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// echo is a handler that reports its route pattern and wildcard values.
func echo(names ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := []string{r.Pattern}
		for _, n := range names {
			parts = append(parts, n+"="+r.PathValue(n))
		}
		w.Header().Set("X-Path", r.URL.Path)
		fmt.Fprint(w, strings.Join(parts, " "))
	})
}

// serve sends one request through h and returns the recorded response.
func serve(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestMuxMatching(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/", echo())
	m.Handle("GET", "/users/new", echo())
	m.Handle("GET", "/users/{id}", echo("id"))
	m.Handle("DELETE", "/users/{uid}", echo("uid"))
	m.Handle("GET", "/users/{id}/posts/{post}", echo("id", "post"))
	m.Handle("GET", "/a/{x}/c", echo("x"))
	m.Handle("GET", "/a/b/{y}", echo("y"))
	m.Handle("GET", "/s/static/z", echo())
	m.Handle("GET", "/s/{w}/y", echo("w"))
	m.Handle("GET", "/templates/{name}", echo("name"))
	m.Handle("GET", "/templates/{n1}/{n2}", echo("n1", "n2"))
	m.Handle("GET", "/files/{path...}", echo("path"))
	m.Handle("GET", "/files/special", echo())
	m.Handle("GET", "/src/*filepath", echo("filepath"))
	m.Handle("GET", "/legacy/:user/repos", echo("user"))
	m.Handle("GET", "/abc", echo())
	m.Handle("GET", "/x/{id}", echo("id"))
	m.Handle("GET", "/lit/a%2Fb", echo())
	m.Handle("GET", "/dir/", echo())
	m.Handle("GET", "/d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/{a}/{b}/{c}/{rest...}", echo("a", "b", "c", "rest"))

	tests := []struct {
		name, method, target string
		want                 string
	}{
		{"root", "GET", "/", "GET /"},
		{"literal beats wildcard", "GET", "/users/new", "GET /users/new"},
		{"wildcard", "GET", "/users/42", "GET /users/{id} id=42"},
		{"method picks a less specific route", "DELETE", "/users/new", "DELETE /users/{uid} uid=new"},
		{"two wildcards", "GET", "/users/7/posts/9", "GET /users/{id}/posts/{post} id=7 post=9"},
		{"wildcard then literal", "GET", "/a/q/c", "GET /a/{x}/c x=q"},
		{"literal then wildcard", "GET", "/a/b/q", "GET /a/b/{y} y=q"},
		{"backtracks out of a literal", "GET", "/a/b/c", "GET /a/b/{y} y=c"},
		{"backtracks when the literal fails deeper", "GET", "/s/static/y", "GET /s/{w}/y w=static"},
		{"different wildcard names, one segment", "GET", "/templates/x", "GET /templates/{name} name=x"},
		{"different wildcard names, two segments", "GET", "/templates/x/y", "GET /templates/{n1}/{n2} n1=x n2=y"},
		{"catch-all", "GET", "/files/a/b/c", "GET /files/{path...} path=a/b/c"},
		{"catch-all with an empty rest", "GET", "/files/", "GET /files/{path...} path="},
		{"literal beats catch-all", "GET", "/files/special", "GET /files/special"},
		{"catch-all still takes a longer path", "GET", "/files/special/x", "GET /files/{path...} path=special/x"},
		{"httprouter catch-all", "GET", "/src/a/b.go", "GET /src/{filepath...} filepath=a/b.go"},
		{"httprouter wildcard", "GET", "/legacy/bob/repos", "GET /legacy/{user}/repos user=bob"},
		{"escaped unreserved character", "GET", "/%61bc", "GET /abc"},
		{"escaped slash stays in its segment", "GET", "/x/a%2Fb", "GET /x/{id} id=a/b"},
		{"lower-case escaped slash", "GET", "/x/a%2fb", "GET /x/{id} id=a/b"},
		{"escaped percent", "GET", "/x/100%25", "GET /x/{id} id=100%"},
		{"escaped space", "GET", "/x/hello%20world", "GET /x/{id} id=hello world"},
		{"escaped slash in a literal", "GET", "/lit/a%2fb", "GET /lit/a%2Fb"},
		{"query is not touched", "GET", "/x/v?id=evil&q=1", "GET /x/{id} id=v"},
		{"trailing slash route", "GET", "/dir/", "GET /dir/"},
		{"wildcards deeper than the captured ones", "GET", "/d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/x/y%2Fz/w/r/s",
			"GET /d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/{a}/{b}/{c}/{rest...} a=x b=y/z c=w rest=r/s"},
		{"deep catch-all with an empty rest", "GET", "/d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/x/y/w/",
			"GET /d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/{a}/{b}/{c}/{rest...} a=x b=y c=w rest="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(m, tt.method, tt.target)
			if w.Code != http.StatusOK || w.Body.String() != tt.want {
				t.Errorf("%s %s: got %d %q, want 200 %q", tt.method, tt.target, w.Code, w.Body, tt.want)
			}
		})
	}
}

func TestMuxQueryUntouched(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	var got string
	m.HandleFunc("GET", "/x/{id}", func(w http.ResponseWriter, r *http.Request) { got = r.URL.RawQuery })
	serve(m, "GET", "/x/v?id=evil&q=1")
	if got != "id=evil&q=1" {
		t.Errorf("RawQuery: got %q, want %q", got, "id=evil&q=1")
	}
}

func TestMuxMethods(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/users/new", echo())
	m.Handle("DELETE", "/users/{id}", echo("id"))
	m.Handle("GET", "/items", echo())
	m.Handle("post", "/items", echo())
	m.Handle("HEAD", "/explicit", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Head", "yes")
	}))
	m.Handle("GET", "/explicit", echo())
	m.Handle("OPTIONS", "/custom-options", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	m.Handle("PURGE", "/items", echo())

	tests := []struct {
		name, method, target string
		code                 int
		allow, body          string
	}{
		{"GET", "GET", "/items", 200, "", "GET /items"},
		{"lower-case registration means upper-case method", "POST", "/items", 200, "", "POST /items"},
		{"extension method", "PURGE", "/items", 200, "", "PURGE /items"},
		{"methods are case-sensitive", "post", "/items", 405, "GET, HEAD, OPTIONS, POST, PURGE", ""},
		{"HEAD served by GET without a body", "HEAD", "/items", 200, "", ""},
		{"registered HEAD wins", "HEAD", "/explicit", 200, "", ""},
		{"405 with a sorted Allow", "PUT", "/items", 405, "GET, HEAD, OPTIONS, POST, PURGE", ""},
		{"Allow considers every matching route", "PUT", "/users/new", 405, "DELETE, GET, HEAD, OPTIONS", ""},
		{"automatic OPTIONS", "OPTIONS", "/users/new", 204, "DELETE, GET, HEAD, OPTIONS", ""},
		{"registered OPTIONS wins", "OPTIONS", "/custom-options", 418, "", ""},
		{"OPTIONS on an unknown path", "OPTIONS", "/nope", 404, "", ""},
		{"404", "GET", "/nope", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(m, tt.method, tt.target)
			if w.Code != tt.code {
				t.Fatalf("%s %s: got status %d, want %d", tt.method, tt.target, w.Code, tt.code)
			}
			if got := w.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow: got %q, want %q", got, tt.allow)
			}
			if tt.code < 300 && w.Body.String() != tt.body {
				t.Errorf("body: got %q, want %q", w.Body, tt.body)
			}
		})
	}
}

func TestMuxExplicitHeadHeader(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("HEAD", "/explicit", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Head", "yes")
	}))
	m.Handle("GET", "/explicit", echo())
	if got := serve(m, "HEAD", "/explicit").Header().Get("X-Head"); got != "yes" {
		t.Errorf("X-Head: got %q, want %q", got, "yes")
	}
}

func TestMuxErrorBodies(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/items", echo())
	tests := []struct {
		name, method, target, accept string
		code                         int
		ctype, body                  string
	}{
		{"404 JSON", "GET", "/nope", "", 404, "application/json",
			`{"error":"not_found","description":"GET /nope not found"}` + "\n"},
		{"405 JSON", "DELETE", "/items", "application/json", 405, "application/json",
			`{"error":"method_not_allowed","description":"DELETE /items is not allowed; the allowed methods are GET, HEAD, OPTIONS"}` + "\n"},
		{"404 plain text", "GET", "/nope", "text/html", 404, "text/plain; charset=utf-8",
			"not_found: GET /nope not found\n"},
		{"q=0 refuses JSON", "GET", "/nope", "application/json;q=0, */*", 404, "text/plain; charset=utf-8",
			"not_found: GET /nope not found\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(m, tt.method, tt.target, "Accept", tt.accept)
			if w.Code != tt.code || w.Header().Get("Content-Type") != tt.ctype || w.Body.String() != tt.body {
				t.Errorf("got %d %q %q, want %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body,
					tt.code, tt.ctype, tt.body)
			}
		})
	}
}

func TestMuxProblemErrors(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	h := UseErrorWriter(ProblemErrors{})(m)
	w := serve(h, "GET", "/nope", "Accept", "application/problem+json")
	want := `{"type":"about:blank","title":"Not Found","status":404,"detail":"GET /nope not found","error":"not_found"}` + "\n"
	if w.Code != 404 || w.Header().Get("Content-Type") != "application/problem+json" || w.Body.String() != want {
		t.Errorf("got %d %q %q, want 404 application/problem+json %q", w.Code, w.Header().Get("Content-Type"), w.Body, want)
	}
}

func TestMuxRedirects(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/foo", echo())
	m.Handle("POST", "/foo", echo())
	m.Handle("GET", "/bar/", echo())
	m.Handle("GET", "/a/b", echo())
	m.Handle("GET", "/admin", echo())
	m.Handle("GET", "/files/{p...}", echo("p"))
	m.Handle("GET", "/evil.com", echo())
	m.Handle("GET", "/sp ace/", echo())
	m.Handle("GET", "/", echo())
	m.HandleNamespace("/1.0", echo())

	tests := []struct {
		name, method, target string
		code                 int
		location             string
	}{
		{"remove trailing slash", "GET", "/foo/", 301, "/foo"},
		{"add trailing slash", "GET", "/bar", 301, "/bar/"},
		{"POST uses 308", "POST", "/foo/", 308, "/foo"},
		{"keeps the query", "GET", "/foo/?a=1&b=2", 301, "/foo?a=1&b=2"},
		{"HEAD uses 301", "HEAD", "/bar", 301, "/bar/"},
		{"no redirect when the target lacks the method", "PUT", "/foo/", 404, ""},
		{"no redirect when the target does not exist", "GET", "/nope/", 404, ""},
		{"clean path", "GET", "/a/./x/../b", 301, "/a/b"},
		{"double slash", "GET", "//a//b", 301, "/a/b"},
		{"clean then toggle slash", "GET", "/a//b/", 301, "/a/b"},
		{"clean path before a namespace", "GET", "/1.0/../admin", 301, "/admin"},
		{"dot-dot cannot climb out", "GET", "/../../admin", 301, "/admin"},
		{"protocol-relative path stays on site", "GET", "//evil.com", 301, "/evil.com"},
		{"catch-all needs its slash", "GET", "/files", 301, "/files/"},
		{"escapes what it must", "GET", "/sp%20ace", 301, "/sp%20ace/"},
		{"unclean path that matches nothing", "GET", "/x/../nope", 404, ""},
		{"absolute form with an empty path is /", "GET", "http://site.test?q=1", 301, "/?q=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(m, tt.method, tt.target)
			if w.Code != tt.code || w.Header().Get("Location") != tt.location {
				t.Errorf("%s %s: got %d Location %q, want %d %q", tt.method, tt.target, w.Code,
					w.Header().Get("Location"), tt.code, tt.location)
			}
			if tt.code == 301 && !strings.Contains(w.Body.String(), `"error":"moved_permanently"`) {
				t.Errorf("redirect body: got %q, want a moved_permanently error body", w.Body)
			}
		})
	}
}

func TestMuxRedirectsDisabled(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.RedirectTrailingSlash, m.RedirectCleanPath = false, false
	m.Handle("GET", "/foo", echo())
	m.HandleNamespace("/1.0", echo())
	m.Handle("GET", "/admin", echo())
	m.Handle("GET", "/", echo())
	tests := []struct {
		target string
		code   int
		body   string
	}{
		{"/foo/", 404, ""},
		{"http://site.test", 200, "GET /"},
		{"/a/../foo", 200, "GET /foo"},
		{"/1.0/../admin", 200, "GET /admin"},
	}
	for _, tt := range tests {
		w := serve(m, "GET", tt.target)
		if w.Code != tt.code || (tt.code == 200 && w.Body.String() != tt.body) {
			t.Errorf("GET %s: got %d %q, want %d %q", tt.target, w.Code, w.Body, tt.code, tt.body)
		}
	}
}

func TestMuxHandlerDoesNotModifyRequest(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/users/{id}", echo("id"))
	m.HandleNamespace("/1.0", echo())
	tests := []struct{ target, pattern string }{
		{"/users/42", "GET /users/{id}"},
		{"/1.0/stuff", "/1.0/"},
		{"/nope", ""},
		{"/users/42/", ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", tt.target, nil)
		before := *r.URL
		h, pattern := m.Handler(r)
		if pattern != tt.pattern {
			t.Errorf("Handler(%s): got pattern %q, want %q", tt.target, pattern, tt.pattern)
		}
		if *r.URL != before || r.Pattern != "" || r.PathValue("id") != "" {
			t.Errorf("Handler(%s) modified the request", tt.target)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if want := serve(m, "GET", tt.target); w.Code != want.Code || w.Body.String() != want.Body.String() {
			t.Errorf("Handler(%s) serves %d %q, ServeHTTP %d %q", tt.target, w.Code, w.Body, want.Code, want.Body)
		}
	}
}

func TestMuxRegistrationPanics(t *testing.T) {
	t.Parallel()
	ok := echo()
	tests := []struct {
		name    string
		setup   func(m *TrieServeMux)
		method  string
		pattern string
		h       http.Handler
		want    string
	}{
		{"no leading slash", nil, "GET", "users", ok, `tonic: invalid pattern "users": must start with '/'`},
		{"partial wildcard", nil, "GET", "/user_{id}", ok, `tonic: invalid pattern "/user_{id}": segment 1 "user_{id}": a wildcard must be a whole segment`},
		{"unclosed wildcard", nil, "GET", "/users/{id", ok, `a wildcard must be a whole segment`},
		{"empty wildcard name", nil, "GET", "/users/{}", ok, `wildcard name "" is not a Go identifier`},
		{"bad wildcard name", nil, "GET", "/users/{a-b}", ok, `wildcard name "a-b" is not a Go identifier`},
		{"catch-all not last", nil, "GET", "/files/{p...}/x", ok, `a catch-all must be the last segment`},
		{"httprouter catch-all not last", nil, "GET", "/files/*p/x", ok, `a catch-all must be the last segment`},
		{"duplicate wildcard name", nil, "GET", "/{a}/{a}", ok, `wildcard name "a" appears twice`},
		{"empty segment", nil, "GET", "/a//b", ok, `empty segment`},
		{"dot segment", nil, "GET", "/a/../b", ok, `dot segments never match a cleaned path`},
		{"query in pattern", nil, "GET", "/a?b", ok, `contains '?'`},
		{"NUL", nil, "GET", "/a\x00", ok, `contains '\x00'`},
		{"bad method", nil, "GE T", "/a", ok, `tonic: invalid method "GE T" for pattern "/a"`},
		{"nil handler", nil, "GET", "/a", nil, `tonic: nil handler for GET /a`},
		{"duplicate", func(m *TrieServeMux) { m.Handle("GET", "/a/{x}", ok) }, "GET", "/a/{x}", ok,
			`tonic: GET /a/{x} is already registered`},
		{"duplicate in httprouter syntax", func(m *TrieServeMux) { m.Handle("GET", "/a/{x}", ok) }, "GET", "/a/:x", ok,
			`tonic: GET /a/{x} is already registered`},
		{"same shape, different names", func(m *TrieServeMux) { m.Handle("GET", "/a/{x}", ok) }, "GET", "/a/{y}", ok,
			`tonic: GET /a/{y} conflicts with GET /a/{x}: both match GET /a/y`},
		{"same catch-all shape", func(m *TrieServeMux) { m.Handle("GET", "/f/{p...}", ok) }, "get", "/f/*q", ok,
			`tonic: GET /f/{q...} conflicts with GET /f/{p...}: both match GET /f/q/more`},
		{"catch-all over a namespace", func(m *TrieServeMux) { m.HandleNamespace("/f", ok) }, "GET", "/f/{p...}", ok,
			`tonic: GET /f/{p...} conflicts with namespace /f/: both match /f/p/more`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := NewTrieServeMux()
			if tt.setup != nil {
				tt.setup(m)
			}
			got := panicMessage(func() { m.Handle(tt.method, tt.pattern, tt.h) })
			if !strings.Contains(got, tt.want) {
				t.Errorf("Handle(%q, %q): got panic %q, want one containing %q", tt.method, tt.pattern, got, tt.want)
			}
		})
	}
}

func TestMuxNamespaceRegistrationPanics(t *testing.T) {
	t.Parallel()
	ok := echo()
	tests := []struct {
		name   string
		setup  func(m *TrieServeMux)
		prefix string
		want   string
	}{
		{"duplicate", func(m *TrieServeMux) { m.HandleNamespace("/1.0", ok) }, "/1.0/", `tonic: namespace /1.0/ is already registered`},
		{"other wildcard name", func(m *TrieServeMux) { m.HandleNamespace("/{a}", ok) }, "/{b}", `tonic: namespace /{b}/ conflicts with namespace /{a}/`},
		{"catch-all route", func(m *TrieServeMux) { m.Handle("GET", "/f/{p...}", ok) }, "/f", `tonic: namespace /f/ conflicts with GET /f/{p...}`},
		{"catch-all prefix", nil, "/f/{p...}", `a namespace cannot end in a catch-all`},
		{"bad prefix", nil, "v1", `tonic: invalid namespace "v1": must start with '/'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := NewTrieServeMux()
			if tt.setup != nil {
				tt.setup(m)
			}
			got := panicMessage(func() { m.HandleNamespace(tt.prefix, ok) })
			if !strings.Contains(got, tt.want) {
				t.Errorf("HandleNamespace(%q): got panic %q, want one containing %q", tt.prefix, got, tt.want)
			}
		})
	}
}

func TestMuxRegisterAfterServingPanics(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/a", echo())
	serve(m, "GET", "/a")
	want := "tonic: GET /b registered after the mux started serving"
	if got := panicMessage(func() { m.Handle("GET", "/b", echo()) }); !strings.Contains(got, want) {
		t.Errorf("got panic %q, want one containing %q", got, want)
	}
}

// panicMessage runs f and returns what it panicked with, or "".
func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}

func TestMuxRoutes(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle("GET", "/a/:id", echo())
	m.HandleNamespace("/v1/", echo())
	var got []string
	for _, r := range m.Routes() {
		got = append(got, r.Method+" "+r.Pattern)
	}
	if want := []string{"GET /a/{id}", " /v1/"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Routes: got %q, want %q", got, want)
	}
}

// loadRoutes reads a "METHOD /path" route file from testdata.
func loadRoutes(t testing.TB, name string) [][2]string {
	t.Helper()
	data, err := testdata.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var routes [][2]string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		method, path, _ := strings.Cut(line, " ")
		routes = append(routes, [2]string{method, path})
	}
	return routes
}

// examplePath turns an httprouter-style route into a request path and the
// values its wildcards get.
func examplePath(route string) (path string, values map[string]string) {
	values = map[string]string{}
	segs := strings.Split(route, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			values[s[1:]] = "v" + s[1:]
			segs[i] = "v" + s[1:]
		}
	}
	return strings.Join(segs, "/"), values
}

func TestMuxRouteSets(t *testing.T) {
	t.Parallel()
	for _, set := range []string{"routes-github-api.txt", "routes-static.txt"} {
		t.Run(set, func(t *testing.T) {
			t.Parallel()
			routes := loadRoutes(t, set)
			m := NewTrieServeMux()
			for _, rt := range routes {
				m.Handle(rt[0], rt[1], http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					vals := map[string]string{}
					for _, seg := range strings.Split(r.Pattern, "/") {
						if strings.HasPrefix(seg, "{") {
							name := strings.Trim(seg, "{}.")
							vals[name] = r.PathValue(name)
						}
					}
					_ = json.NewEncoder(w).Encode(vals)
				}))
			}
			for _, rt := range routes {
				path, want := examplePath(rt[1])
				w := serve(m, rt[0], path)
				var got map[string]string
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s %s: got %d %q, want values %v", rt[0], path, w.Code, w.Body, want)
				}
			}
		})
	}
}

func TestMuxManyRoutes(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	const n = 3000
	for i := 0; i < n; i++ {
		m.Handle("GET", fmt.Sprintf("/r%d/{id}/s%d", i%100, i), echo("id"))
	}
	for _, i := range []int{0, 1, 99, 100, 1234, n - 1} {
		target := fmt.Sprintf("/r%d/x/s%d", i%100, i)
		want := fmt.Sprintf("GET /r%d/{id}/s%d id=x", i%100, i)
		if w := serve(m, "GET", target); w.Body.String() != want {
			t.Errorf("GET %s: got %q, want %q", target, w.Body, want)
		}
	}
}

func TestMuxAllowListsSorted(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	methods := []string{"PUT", "PATCH", "GET", "DELETE", "POST", "MKCOL"}
	for _, method := range methods {
		m.Handle(method, "/r", echo())
	}
	got := strings.Split(serve(m, "TRACE", "/r").Header().Get("Allow"), ", ")
	if !sort.StringsAreSorted(got) || len(got) != len(methods)+2 {
		t.Errorf("Allow: got %q, want all %d methods sorted", got, len(methods)+2)
	}
}

func TestCanonicalPath(t *testing.T) {
	t.Parallel()
	tests := []struct{ target, want string }{
		{"/abc", "/abc"},
		{"/%61bc", "/abc"},
		{"/a%2fb", "/a%2Fb"},
		{"/a%2Fb", "/a%2Fb"},
		{"/100%25", "/100%25"},
		{"/100%2525", "/100%2525"},
		{"/hello%20world", "/hello world"},
		{"/%E2%82%AC", "/€"},
	}
	for _, tt := range tests {
		u, err := url.ParseRequestURI(tt.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := canonicalPath(u); got != tt.want {
			t.Errorf("canonicalPath(%q): got %q, want %q", tt.target, got, tt.want)
		}
	}
}
