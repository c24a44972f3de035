package main

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
)

func TestProxyFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []proxyMount
	}{
		{"none", nil, nil, nil},
		{"one backend", []string{"-proxy", "/users/=http://127.0.0.1:9001"}, nil,
			[]proxyMount{{prefix: "/users/", backends: []string{"http://127.0.0.1:9001"}}}},
		{"two backends", []string{"-proxy", "/users/=http://127.0.0.1:9001,https://10.0.0.7/api"}, nil,
			[]proxyMount{{prefix: "/users/", backends: []string{"http://127.0.0.1:9001", "https://10.0.0.7/api"}}}},
		{"repeated", []string{"-proxy", "/a/=http://h:1", "-proxy", "/b/c/=http://h:2"}, nil,
			[]proxyMount{{prefix: "/a/", backends: []string{"http://h:1"}}, {prefix: "/b/c/", backends: []string{"http://h:2"}}}},
		{"root", []string{"-proxy", "/=http://h:1"}, nil, []proxyMount{{prefix: "/", backends: []string{"http://h:1"}}}},
		{"variable, spaces between mounts", nil, map[string]string{"EXAMPLED_PROXY": " /a/=http://h:1,http://h:2  /b/=http://h:3 "},
			[]proxyMount{{prefix: "/a/", backends: []string{"http://h:1", "http://h:2"}}, {prefix: "/b/", backends: []string{"http://h:3"}}}},
		{"the flag wins over the variable", []string{"-proxy", "/a/=http://h:1"}, map[string]string{"EXAMPLED_PROXY": "/b/=http://h:2"},
			[]proxyMount{{prefix: "/a/", backends: []string{"http://h:1"}}}},
		{"a prefix like the API's", []string{"-proxy", "/1.0x/=http://h:1"}, nil, []proxyMount{{prefix: "/1.0x/", backends: []string{"http://h:1"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseConfig(tt.args, envOf(tt.env))
			if err != nil || !reflect.DeepEqual(got.proxies, tt.want) {
				t.Errorf("parseConfig(%q): got %+v, %v; want %+v", tt.args, got.proxies, err, tt.want)
			}
		})
	}
}

func TestProxyFlagErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // in the message
	}{
		{"no =", []string{"-proxy", "/a/"}, nil, `flag -proxy: "/a/": want /prefix/=http://host:port`},
		{"no backend", []string{"-proxy", "/a/="}, nil, `flag -proxy: "/a/=": want /prefix/=`},
		{"empty", []string{"-proxy", " "}, nil, "flag -proxy: want /prefix/="},
		{"no leading slash", []string{"-proxy", "a/=http://h:1"}, nil, `prefix "a/" must start and end with /`},
		{"no trailing slash", []string{"-proxy", "/a=http://h:1"}, nil, `prefix "/a" must start and end with /`},
		{"wildcard", []string{"-proxy", "/{x}/=http://h:1"}, nil, `prefix "/{x}/" must be a literal path`},
		{"httprouter wildcard", []string{"-proxy", "/:x/=http://h:1"}, nil, `prefix "/:x/" must be a literal path`},
		{"dot dot", []string{"-proxy", "/a/../=http://h:1"}, nil, `prefix "/a/../" has an empty, . or .. segment`},
		{"double slash", []string{"-proxy", "//=http://h:1"}, nil, `prefix "//" has an empty, . or .. segment`},
		{"the API", []string{"-proxy", "/1.0/=http://h:1"}, nil, `prefix "/1.0/" is the API's own /1.0`},
		{"under the API", []string{"-proxy", "/1.0/x/=http://h:1"}, nil, `prefix "/1.0/x/" is the API's own /1.0`},
		{"no scheme", []string{"-proxy", "/a/=127.0.0.1:9001"}, nil, `/a/: backend "127.0.0.1:9001" is not an http:// or https:// URL with a host`},
		{"empty backend", []string{"-proxy", "/a/=http://h:1,"}, nil, `/a/: backend "" is not an http://`},
		{"credentials", []string{"-proxy", "/a/=http://u:hunter2@h:1"}, nil, `/a/: backend "http://u:xxxxx@h:1" has credentials`},
		{"prefix twice", []string{"-proxy", "/a/=http://h:1", "-proxy", "/a/=http://h:2"}, nil, "prefix /a/ is mounted twice"},
		{"prefix twice in the variable", nil, map[string]string{"EXAMPLED_PROXY": "/a/=http://h:1 /a/=http://h:2"}, "EXAMPLED_PROXY: invalid value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig(tt.args, envOf(tt.env))
			var usage *usageError
			if !errors.As(err, &usage) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseConfig(%q): got %v, want a usage error with %s", tt.args, err, tt.want)
			}
		})
	}
}

// newProxiedAPI returns the API with the mounts, over a store in memory,
// and its registry.
func newProxiedAPI(t *testing.T, mounts []proxyMount) (http.Handler, metrics.Registry) {
	t.Helper()
	store, err := OpenStore("", func() time.Time { return testTime })
	if err != nil {
		t.Fatal(err)
	}
	reg := metrics.NewRegistry()
	px, err := openProxies(mounts, reg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(px.Close)
	return mustAPI(t, apiOptions{store: store, log: zerolog.Nop(), registry: reg, auth: testAuth, proxies: px}), reg
}

func TestProxyMounted(t *testing.T) {
	t.Parallel()
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Request-Id"] = r.Header["X-Request-Id"]
		io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" id="+r.Header.Get("X-Request-Id"))
	}))
	t.Cleanup(backend.Close)
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	h, reg := newProxiedAPI(t, []proxyMount{
		{prefix: "/strip/", backends: []string{backend.URL}},
		{prefix: "/keep/", backends: []string{backend.URL + "/keep"}},
		{prefix: "/dead/", backends: []string{dead.URL}},
	})
	tests := []struct {
		name, target string
		code         int
		body         string
	}{
		{"prefix stripped", "/strip/users/42?x=1", http.StatusOK, "GET /users/42?x=1 id=req-1"},
		{"prefix alone", "/strip", http.StatusOK, "GET / id=req-1"},
		{"prefix kept by the backend URL's path", "/keep/users/42", http.StatusOK, "GET /keep/users/42 id=req-1"},
		{"API beside the proxies", "/1.0/stuff", http.StatusOK, `{"items":[],"total":0,"limit":100,"offset":0}` + "\n"},
		{"dead backend", "/dead/x", http.StatusBadGateway, `{"error":"bad_gateway","description":"the upstream service could not be reached or gave an invalid answer","request_id":"req-1"}` + "\n"},
		{"elsewhere", "/other", http.StatusNotFound, `{"error":"not_found","description":"GET /other not found","request_id":"req-1"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := serveAPI(h, call{method: "GET", target: tt.target})
			if got.code != tt.code || strings.TrimSuffix(got.body, "\n") != strings.TrimSuffix(tt.body, "\n") {
				t.Errorf("GET %s: got %d %q, want %d %q", tt.target, got.code, got.body, tt.code, tt.body)
			}
			if ids := got.header.Values("X-Request-Id"); len(ids) != 1 || ids[0] != "req-1" {
				t.Errorf("GET %s: X-Request-ID %q, want req-1 once", tt.target, ids)
			}
		})
	}
	// Behind the same middleware: the per-route counter of the mount, and
	// the proxy's own metrics.
	addr := strings.TrimPrefix(backend.URL, "http://")
	for _, name := range []string{"/strip/.count", "proxy.strip." + addr + ".requests", "proxy.keep." + addr + ".requests"} {
		if reg.Get(name) == nil {
			var names []string
			reg.Each(func(n string, _ any) { names = append(names, n) })
			t.Errorf("metric %q missing; have %q", name, names)
		}
	}
}

func TestOpenProxiesError(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	_, err := openProxies([]proxyMount{
		{prefix: "/a/", backends: []string{"http://127.0.0.1:9001"}},
		{prefix: "/b/", backends: []string{"http://127.0.0.1:9002", "http://127.0.0.1:9002/x"}},
	}, reg, zerolog.Nop())
	if err == nil || !strings.Contains(err.Error(), "-proxy /b/: proxy: backends") {
		t.Errorf("got %v, want an error naming -proxy /b/ and the backends", err)
	}
	n := 0
	reg.Each(func(string, any) { n++ })
	if n != 0 {
		t.Errorf("%d metrics left registered after the error, want 0", n)
	}
}
