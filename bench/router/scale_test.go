package router

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/julienschmidt/httprouter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// shapes are the ten routes of one REST resource R, three of them static.
// No static route sits beside a wildcard, which httprouter refuses.
var shapes = []route{
	{"GET", "/v1/R"},
	{"POST", "/v1/R"},
	{"GET", "/v2/R/stats"},
	{"GET", "/v1/R/:id"},
	{"PUT", "/v1/R/:id"},
	{"DELETE", "/v1/R/:id"},
	{"GET", "/v1/R/:id/sub"},
	{"GET", "/v1/R/:id/sub/:x"},
	{"PUT", "/v1/R/:id/sub/:x"},
	{"DELETE", "/v1/R/:id/sub/:x"},
}

// resourceNames returns n distinct resource names: pseudo-words of 4 to 10
// letters spread over a-z ("words"), or names that share their first bytes
// ("generated": resource_0, resource_1, ...).
func resourceNames(kind string, n int) []string {
	names := make([]string, 0, n)
	if kind == "generated" {
		for i := range n {
			names = append(names, fmt.Sprintf("resource_%d", i))
		}
		return names
	}
	rng := rand.New(rand.NewPCG(17, uint64(n)))
	seen := map[string]bool{}
	for len(names) < n {
		b := make([]byte, 4+rng.IntN(7))
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		if w := string(b); !seen[w] {
			seen[w] = true
			names = append(names, w)
		}
	}
	return names
}

// restTable returns the routes of n/10 resources, ten each.
func restTable(kind string, n int) (routes []route, names []string) {
	names = resourceNames(kind, max(1, n/len(shapes)))
	for _, name := range names {
		for _, s := range shapes {
			routes = append(routes, route{s.method, strings.Replace(s.path, "/R", "/"+name, 1)})
		}
	}
	return routes, names
}

// scaleHandler is each router's one handler for every route of a table: it
// reads the wildcard "id" the way that router's handlers read values.
var scaleBuilders = []builder{
	{"tonic", func(routes []route) http.Handler {
		m := tonic.NewTrieServeMux()
		m.NotFound = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sink = r.PathValue("id") })
		for _, rt := range routes {
			m.Handle(rt.method, rt.path, h)
		}
		return m
	}},
	{"httprouter", func(routes []route) http.Handler {
		m := httprouter.New()
		m.NotFound = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
		h := func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) { sink = ps.ByName("id") }
		for _, rt := range routes {
			m.Handle(rt.method, rt.path, h)
		}
		return m
	}},
	{"gin", func(routes []route) http.Handler {
		gin.SetMode(gin.ReleaseMode)
		m := gin.New()
		m.NoRoute(func(*gin.Context) {})
		h := func(c *gin.Context) { sink = c.Param("id") }
		for _, rt := range routes {
			m.Handle(rt.method, rt.path, h)
		}
		return m
	}},
	{"servemux", func(routes []route) http.Handler {
		m := http.NewServeMux()
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sink = r.PathValue("id") })
		for _, rt := range routes {
			m.Handle(rt.method+" "+braces(rt.path), h)
		}
		return m
	}},
}

// scaleSizes are the table sizes, in routes.
var scaleSizes = []int{10, 100, 1000, 10000, 100000}

// scaleRequests returns the requests of each lookup case for a table:
// "hit" serves every shape on 16 resources spread over the table, and the
// 404s miss at the first segment, at the resource name (a name of the
// table's kind that is not registered) and at the last segment.
func scaleRequests(kind string, names []string) map[string][]route {
	var hit []route
	for i := range 16 {
		name := names[i*len(names)/16]
		s := shapes[i%len(shapes)]
		hit = append(hit, route{s.method, strings.Replace(s.path, "/R", "/"+name, 1)})
	}
	last := names[len(names)-1]
	missing := "resource_x"
	if kind == "words" {
		missing = last + "q"
	}
	return map[string][]route{
		"hit":          hit,
		"404-first":    {{"GET", "/v3/" + last + "/:id/sub/:x"}},
		"404-resource": {{"GET", "/v1/" + missing + "/:id/sub/:x"}},
		"404-last":     {{"GET", "/v1/" + last + "/:id/sub/:x/more"}},
	}
}

// BenchmarkScaleLookup serves the lookup cases on REST tables of every size
// and naming kind, one request per op.
func BenchmarkScaleLookup(b *testing.B) {
	for _, kind := range []string{"words", "generated"} {
		for _, n := range scaleSizes {
			routes, names := restTable(kind, n)
			cases := scaleRequests(kind, names)
			for _, bl := range scaleBuilders {
				h := bl.build(routes)
				for _, c := range []string{"hit", "hit-fresh", "404-first", "404-resource", "404-last"} {
					reqs := requests(b, cases[strings.TrimSuffix(c, "-fresh")])
					b.Run(fmt.Sprintf("kind=%s/n=%d/case=%s/router=%s", kind, n, c, bl.name), func(b *testing.B) {
						runEach(b, h, reqs, strings.HasSuffix(c, "-fresh"))
					})
				}
			}
		}
	}
}

// runEach serves one request per op, going round the requests: the same
// request objects again (lookup cost, as in go-http-routing-benchmark), or
// when fresh is set a fresh copy each time, as a server hands each handler
// a new request, which charges tonic and ServeMux for the map that
// r.SetPathValue allocates.
func runEach(b *testing.B, h http.Handler, reqs []http.Request, fresh bool) {
	w := &nullWriter{h: http.Header{}}
	r := new(http.Request)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if fresh {
			*r = reqs[i%len(reqs)]
			h.ServeHTTP(w, r)
		} else {
			h.ServeHTTP(w, &reqs[i%len(reqs)])
		}
	}
}

// BenchmarkScaleRegister registers whole tables (one table per op) and
// reports the heap a built router retains per route, as B/route.
func BenchmarkScaleRegister(b *testing.B) {
	for _, kind := range []string{"words", "generated"} {
		for _, n := range scaleSizes {
			routes, _ := restTable(kind, n)
			for _, bl := range scaleBuilders {
				b.Run(fmt.Sprintf("kind=%s/n=%d/router=%s", kind, n, bl.name), func(b *testing.B) {
					perRoute := retained(bl, routes) / float64(len(routes))
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						bl.build(routes)
					}
					b.ReportMetric(perRoute, "B/route")
				})
			}
		}
	}
}

// retained returns the heap bytes that a router built over routes keeps.
func retained(bl builder, routes []route) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	h := bl.build(routes)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(h)
	return float64(after.HeapAlloc) - float64(before.HeapAlloc)
}

// BenchmarkShapes serves one request per op on routers that hold only
// the routes of the case: a static path of 1 to 64 segments, a 4 KB {x}
// value, a 4 KB catch-all value (slashes included) and 16 wildcards.
func BenchmarkShapes(b *testing.B) {
	type shape struct {
		name    string
		pattern string // httprouter form
		path    string
	}
	var cases []shape
	for _, d := range []int{1, 8, 16, 32, 64} {
		var p strings.Builder
		for i := range d {
			fmt.Fprintf(&p, "/seg%d", i)
		}
		cases = append(cases, shape{fmt.Sprintf("static-depth-%d", d), p.String(), p.String()})
	}
	cases = append(cases,
		shape{"param-4KB", "/p/:id", "/p/" + strings.Repeat("a", 4096)},
		shape{"catchall-4KB", "/f/*id", "/f/" + strings.Repeat("abcdefghijklmno/", 256)},
	)
	var pat, path strings.Builder
	for i := range 16 {
		fmt.Fprintf(&pat, "/s%d/:w%d", i, i)
		fmt.Fprintf(&path, "/s%d/v%d", i, i)
	}
	cases = append(cases, shape{"wildcards-16", "/w" + strings.Replace(pat.String(), ":w0", ":id", 1), "/w" + path.String()})
	for _, c := range cases {
		reqs := requests(b, []route{{"GET", c.path}})
		for _, bl := range scaleBuilders {
			if bl.name == "servemux" && strings.Contains(c.pattern, "*") {
				continue // this package's braces has no catch-all form
			}
			h := bl.build([]route{{"GET", c.pattern}})
			b.Run("case="+c.name+"/router="+bl.name, func(b *testing.B) { runEach(b, h, reqs, true) })
		}
	}
}

// TestScaleRoutersAgree checks that every router serves the hits of each
// table kind with the right value and answers the 404 cases with no route.
func TestScaleRoutersAgree(t *testing.T) {
	for _, kind := range []string{"words", "generated"} {
		routes, names := restTable(kind, 1000)
		cases := scaleRequests(kind, names)
		for _, bl := range scaleBuilders {
			h := bl.build(routes)
			for c, rs := range cases {
				for i, r := range requests(t, rs) {
					sink = "unset"
					h.ServeHTTP(&nullWriter{h: http.Header{}}, &r)
					want := "unset"
					if c == "hit" {
						want = ""
						if strings.Contains(rs[i].path, ":id") {
							want = "vid"
						}
					}
					if sink != want {
						t.Errorf("%s %s: %s %s: got value %q, want %q", kind, bl.name, rs[i].method, r.URL.Path, sink, want)
					}
				}
			}
		}
	}
}
