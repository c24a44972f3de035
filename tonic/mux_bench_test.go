package tonic

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/julienschmidt/httprouter"
)

// nullWriter is a ResponseWriter that discards everything without allocating.
type nullWriter struct{ h http.Header }

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *nullWriter) WriteHeader(int)             {}

// benchRoutes returns requests for the routes, one per route.
func benchRequests(b *testing.B, routes [][2]string) []http.Request {
	b.Helper()
	reqs := make([]http.Request, len(routes))
	for i, rt := range routes {
		path, _ := examplePath(rt[1])
		r, err := http.NewRequest(rt[0], path, nil)
		if err != nil {
			b.Fatal(err)
		}
		reqs[i] = *r
	}
	return reqs
}

// runRequests serves the requests once per iteration, each as a fresh copy,
// so that a path value map is allocated anew each time, as on a real server.
func runRequests(b *testing.B, h http.Handler, reqs []http.Request) {
	w := &nullWriter{h: http.Header{}}
	r := new(http.Request)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range reqs {
			*r = reqs[j]
			h.ServeHTTP(w, r)
		}
	}
}

var noop = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

// routers builds each contender over a route set: tonic's mux, raw
// httprouter (whose Handle passes Params, the fastest way to use it) and
// net/http's ServeMux (which gets {name} patterns).
func routers(routes [][2]string) map[string]http.Handler {
	tonic := NewTrieServeMux()
	hr := httprouter.New()
	std := http.NewServeMux()
	for _, rt := range routes {
		tonic.Handle(rt[0], rt[1], noop)
		hr.Handle(rt[0], rt[1], func(http.ResponseWriter, *http.Request, httprouter.Params) {})
		std.Handle(rt[0]+" "+braces(rt[1]), noop)
	}
	return map[string]http.Handler{"tonic": tonic, "httprouter": hr, "servemux": std}
}

// braces turns :name and *name wildcards into {name} and {name...}.
func braces(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		switch {
		case strings.HasPrefix(s, ":"):
			segs[i] = "{" + s[1:] + "}"
		case strings.HasPrefix(s, "*"):
			segs[i] = "{" + s[1:] + "...}"
		}
	}
	return strings.Join(segs, "/")
}

func BenchmarkRouting(b *testing.B) {
	github := loadRoutes(b, "routes-github-api.txt")
	cases := []struct {
		name   string
		routes [][2]string
		reqs   [][2]string
	}{
		{"static", github, [][2]string{{"GET", "/user/repos"}}},
		{"param1", github, [][2]string{{"GET", "/users/:user"}}},
		{"param3", github, [][2]string{{"GET", "/repos/:owner/:repo/pulls/:number"}}},
		{"notfound", github, [][2]string{{"GET", "/no/such/route/here"}}},
		{"github-all", github, github},
	}
	for _, c := range cases {
		rs := routers(c.routes)
		reqs := benchRequests(b, c.reqs)
		for _, name := range []string{"tonic", "httprouter", "servemux"} {
			b.Run("case="+c.name+"/router="+name, func(b *testing.B) { runRequests(b, rs[name], reqs) })
		}
	}
}

func BenchmarkRegister3000(b *testing.B) {
	patterns := make([]string, 3000)
	for i := range patterns {
		patterns[i] = fmt.Sprintf("/r%d/{id}/s%d/{x}", i%100, i)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m := NewTrieServeMux()
		for _, p := range patterns {
			m.Handle("GET", p, noop)
		}
	}
}

// BenchmarkLookupScale times the trie walk alone (no request) for a route
// of a table of n/2 resources with names that share a prefix, two routes
// each, so that the cost of finding one child among many shows.
func BenchmarkLookupScale(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000, 100000} {
		m := NewTrieServeMux()
		for i := range n / 2 {
			m.Handle("GET", fmt.Sprintf("/v1/resource_%d", i), noop)
			m.Handle("GET", fmt.Sprintf("/v1/resource_%d/{id}/sub/{x}", i), noop)
		}
		path := fmt.Sprintf("/v1/resource_%d/12/sub/34", n/4)
		for _, c := range []struct{ name, path string }{{"hit", path}, {"miss", path + "x/y"}} {
			b.Run(fmt.Sprintf("n=%d/case=%s", n, c.name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					vals := values{path: c.path}
					m.root.lookup(c.path[1:], true, mGet, "GET", &vals, 0)
				}
			})
		}
	}
}

// BenchmarkServeScale serves, with reused requests, a route of the table of
// BenchmarkLookupScale through the whole ServeHTTP, with a handler that
// reads a value.
func BenchmarkServeScale(b *testing.B) {
	read := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _ = r.PathValue("id") })
	for _, n := range []int{100, 100000} {
		m := NewTrieServeMux()
		for i := range n / 2 {
			m.Handle("GET", fmt.Sprintf("/v1/resource_%d", i), read)
			m.Handle("GET", fmt.Sprintf("/v1/resource_%d/{id}/sub/{x}", i), read)
		}
		r := httptest.NewRequest("GET", fmt.Sprintf("/v1/resource_%d/12/sub/34", n/4), nil)
		w := &nullWriter{h: http.Header{}}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				m.ServeHTTP(w, r)
			}
		})
	}
}
