package router

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/julienschmidt/httprouter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// route is one METHOD /path line of a route file, with :name wildcards.
type route struct{ method, path string }

// loadRoutes reads a route file from testdata.
func loadRoutes(tb testing.TB, name string) []route {
	tb.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	var routes []route
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		method, path, _ := strings.Cut(line, " ")
		routes = append(routes, route{method, path})
	}
	return routes
}

// braces turns :name wildcards into {name}.
func braces(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(segs, "/")
}

// requestPath fills the wildcards of an httprouter-style path with values.
func requestPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = "v" + s[1:]
		}
	}
	return strings.Join(segs, "/")
}

// A builder registers routes on one router. Every handler reads the first
// wildcard, the way that router's handlers read values, so that routers that
// defer work to the read are charged for it.
type builder struct {
	name  string
	build func(routes []route) http.Handler
}

// firstWildcard returns the name of the first :name wildcard of a path, or "".
func firstWildcard(p string) string {
	for _, s := range strings.Split(p, "/") {
		if strings.HasPrefix(s, ":") {
			return s[1:]
		}
	}
	return ""
}

var sink string

var builders = []builder{
	{"tonic", func(routes []route) http.Handler {
		m := tonic.NewTrieServeMux()
		for _, rt := range routes {
			name := firstWildcard(rt.path)
			m.HandleFunc(rt.method, rt.path, func(w http.ResponseWriter, r *http.Request) { sink = r.PathValue(name) })
		}
		return m
	}},
	{"httprouter", func(routes []route) http.Handler {
		m := httprouter.New()
		for _, rt := range routes {
			name := firstWildcard(rt.path)
			m.Handle(rt.method, rt.path, func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) { sink = ps.ByName(name) })
		}
		return m
	}},
	{"servemux", func(routes []route) http.Handler {
		m := http.NewServeMux()
		for _, rt := range routes {
			name := firstWildcard(rt.path)
			m.HandleFunc(rt.method+" "+braces(rt.path), func(w http.ResponseWriter, r *http.Request) { sink = r.PathValue(name) })
		}
		return m
	}},
	{"chi", func(routes []route) http.Handler {
		m := chi.NewRouter()
		for _, rt := range routes {
			name := firstWildcard(rt.path)
			m.MethodFunc(rt.method, braces(rt.path), func(w http.ResponseWriter, r *http.Request) { sink = chi.URLParam(r, name) })
		}
		return m
	}},
	{"gorilla", func(routes []route) http.Handler {
		m := mux.NewRouter()
		for _, rt := range routes {
			name := firstWildcard(rt.path)
			m.HandleFunc(braces(rt.path), func(w http.ResponseWriter, r *http.Request) { sink = mux.Vars(r)[name] }).Methods(rt.method)
		}
		return m
	}},
	{"gin", func(routes []route) http.Handler {
		gin.SetMode(gin.ReleaseMode)
		m := gin.New()
		for _, rt := range routes {
			name := firstWildcard(rt.path)
			m.Handle(rt.method, rt.path, func(c *gin.Context) { sink = c.Param(name) })
		}
		return m
	}},
}

// nullWriter discards the response without allocating.
type nullWriter struct{ h http.Header }

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *nullWriter) WriteHeader(int)             {}

// requests builds one request per route.
func requests(tb testing.TB, routes []route) []http.Request {
	tb.Helper()
	reqs := make([]http.Request, len(routes))
	for i, rt := range routes {
		r, err := http.NewRequest(rt.method, requestPath(rt.path), nil)
		if err != nil {
			tb.Fatal(err)
		}
		reqs[i] = *r
	}
	return reqs
}

// run serves the requests once per iteration. In the "fresh" mode each
// request is a fresh copy, as a server hands each handler a new request, so
// per-request allocations (such as r.SetPathValue's map) count; in the
// "reused" mode the same request objects are served again, as the classic
// go-http-routing-benchmark does, which hides them.
func run(b *testing.B, h http.Handler, reqs []http.Request, fresh bool) {
	w := &nullWriter{h: http.Header{}}
	r := new(http.Request)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range reqs {
			if fresh {
				*r = reqs[j]
				h.ServeHTTP(w, r)
			} else {
				h.ServeHTTP(w, &reqs[j])
			}
		}
	}
}

// BenchmarkRouters runs every router over the GitHub API's 203 routes:
// one static route, one with a wildcard, one with three, and all of them.
func BenchmarkRouters(b *testing.B) {
	github := loadRoutes(b, "routes-github-api.txt")
	cases := []struct {
		name string
		reqs []route
	}{
		{"static", []route{{"GET", "/user/repos"}}},
		{"param1", []route{{"GET", "/users/:user"}}},
		{"param3", []route{{"GET", "/repos/:owner/:repo/pulls/:number"}}},
		{"github-all", github},
	}
	for _, mode := range []string{"fresh", "reused"} {
		for _, c := range cases {
			reqs := requests(b, c.reqs)
			for _, bl := range builders {
				h := bl.build(github)
				b.Run("mode="+mode+"/case="+c.name+"/router="+bl.name, func(b *testing.B) {
					run(b, h, reqs, mode == "fresh")
				})
			}
		}
	}
}

// TestRoutersAgree checks that every router serves every route of the set,
// so that the benchmark compares routers that do the same work.
func TestRoutersAgree(t *testing.T) {
	github := loadRoutes(t, "routes-github-api.txt")
	reqs := requests(t, github)
	for _, bl := range builders {
		h := bl.build(github)
		for i := range reqs {
			r := reqs[i]
			sink = ""
			h.ServeHTTP(&nullWriter{h: http.Header{}}, &r)
			if want := firstWildcard(github[i].path); want != "" && sink != "v"+want {
				t.Errorf("%s: %s %s: got wildcard value %q, want %q", bl.name, github[i].method, r.URL.Path, sink, "v"+want)
			}
		}
	}
}
