package tonic

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestTrieLargeFanOut registers thousands of resources under one node, with
// names spread over a-z and names that share a prefix (resource_1 is a
// prefix of resource_10), and checks that each is served by its own route
// and that names next to them are not.
func TestTrieLargeFanOut(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name    string
		names   func(i int) string
		missing []string
	}{
		{"shared prefix", func(i int) string { return fmt.Sprintf("resource_%d", i) },
			[]string{"resource_", "resource_3000", "resource_01", "resource", "resource_1x"}},
		{"spread", func(i int) string { return string(rune('a'+i%26)) + fmt.Sprintf("%dz", i) },
			[]string{"a", "a0", "b1", "q99999z", "z25"}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			m := NewTrieServeMux()
			const n = 3000
			for i := range n {
				m.Handle("GET", "/v1/"+k.names(i), echo())
				m.Handle("GET", "/v1/"+k.names(i)+"/{id}", echo("id"))
			}
			for _, i := range []int{0, 1, 9, 10, 11, 100, 1234, n - 1} {
				name := k.names(i)
				if got, want := serve(m, "GET", "/v1/"+name).Body.String(), "GET /v1/"+name; got != want {
					t.Errorf("GET /v1/%s: got %q, want %q", name, got, want)
				}
				if got, want := serve(m, "GET", "/v1/"+name+"/7").Body.String(), "GET /v1/"+name+"/{id} id=7"; got != want {
					t.Errorf("GET /v1/%s/7: got %q, want %q", name, got, want)
				}
			}
			for _, name := range k.missing {
				if got := serve(m, "GET", "/v1/"+name+"/7").Code; got != http.StatusNotFound {
					t.Errorf("GET /v1/%s/7: got status %d, want %d", name, got, http.StatusNotFound)
				}
			}
		})
	}
}

// TestTrieLiteralRuns registers routes whose literal runs later routes
// branch off or end inside, in several orders, and checks that every route
// is served by its own pattern whatever the order.
func TestTrieLiteralRuns(t *testing.T) {
	t.Parallel()
	patterns := []string{"/a/b/c/d", "/a/b/x", "/a/b", "/a/{w}/c", "/a/b/c/d/e/", "/a/b/c", "/b/c/d/e/f/g/h/i"}
	requests := map[string]string{
		"/a/b/c/d":         "GET /a/b/c/d",
		"/a/b/x":           "GET /a/b/x",
		"/a/b":             "GET /a/b",
		"/a/q/c":           "GET /a/{w}/c",
		"/a/b/c/d/e/":      "GET /a/b/c/d/e/",
		"/a/b/c":           "GET /a/b/c",
		"/b/c/d/e/f/g/h/i": "GET /b/c/d/e/f/g/h/i",
	}
	notFound := []string{"/a", "/a/b/c/d/e/x", "/a/b/y", "/a/bc", "/b/c/d/e/f/g/h", "/b/c/d/e/f/g/h/ii", "/b/c/d/e/f/g/hh/i"}
	orders := map[string][]string{"forward": patterns, "reverse": nil, "longest first": nil}
	for i := len(patterns) - 1; i >= 0; i-- {
		orders["reverse"] = append(orders["reverse"], patterns[i])
	}
	orders["longest first"] = []string{patterns[4], patterns[6], patterns[0], patterns[5], patterns[1], patterns[3], patterns[2]}
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := NewTrieServeMux()
			m.RedirectTrailingSlash = false
			for _, p := range order {
				m.Handle("GET", p, echo())
			}
			for path, want := range requests {
				if got := serve(m, "GET", path).Body.String(); got != want {
					t.Errorf("GET %s: got %q, want %q", path, got, want)
				}
			}
			for _, path := range notFound {
				if got := serve(m, "GET", path).Code; got != http.StatusNotFound {
					t.Errorf("GET %s: got status %d, want %d", path, got, http.StatusNotFound)
				}
			}
		})
	}
}

// TestTrieRegisterWhileServing registers routes from one goroutine while
// others serve requests, so that -race sees the two meet: each
// registration either takes effect or is refused with the usual panic, and
// every route that took effect is served.
func TestTrieRegisterWhileServing(t *testing.T) {
	t.Parallel()
	looks := []struct {
		name string
		look func(m *TrieServeMux, path string)
	}{
		{"ServeHTTP", func(m *TrieServeMux, path string) { serve(m, "GET", path) }},
		{"Handler", func(m *TrieServeMux, path string) { m.Handler(httptest.NewRequest("GET", path, nil)) }},
		{"a host mux's fallback", func(m *TrieServeMux, path string) {
			hosts := NewHostServeMux()
			hosts.Handle("a.test", m)
			hosts.Handle("*", NewTrieServeMux())
			hosts.Handler(httptest.NewRequest("GET", "http://a.test"+path, nil))
		}},
	}
	for _, tt := range looks {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := NewTrieServeMux()
			m.Handle("GET", "/warm", echo())
			const n = 200
			var registered []int
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range n {
					msg := panicMessage(func() { m.Handle("GET", fmt.Sprintf("/r%d/{id}", i), echo("id")) })
					switch {
					case msg == "":
						registered = append(registered, i)
					case !strings.Contains(msg, "registered after the mux started serving"):
						t.Errorf("registering route %d: got panic %q, want the serving refusal", i, msg)
					}
				}
			}()
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range n {
						tt.look(m, fmt.Sprintf("/r%d/x", i))
					}
				}()
			}
			wg.Wait()
			for _, i := range registered {
				path, want := fmt.Sprintf("/r%d/x", i), fmt.Sprintf("GET /r%d/{id} id=x", i)
				if got := serve(m, "GET", path).Body.String(); got != want {
					t.Errorf("GET %s: got %q, want %q", path, got, want)
				}
			}
			if got := panicMessage(func() { m.Handle("GET", "/late", echo()) }); got == "" {
				t.Errorf("registering after serving: got no panic, want the serving refusal")
			}
		})
	}
}
