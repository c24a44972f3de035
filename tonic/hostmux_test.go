package tonic

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// named is a handler that writes its name.
func named(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, name) })
}

func TestHostServeMux(t *testing.T) {
	t.Parallel()
	m := NewHostServeMux()
	m.Handle("example.com", named("example"))
	m.Handle("API.Example.com", named("api"))
	m.Handle("*.example.com", named("wild"))
	m.Handle("*.eu.example.com", named("eu-wild"))
	m.Handle("[::1]", named("ipv6"))
	m.Handle("127.0.0.1:8080", named("ipv4"))
	tests := []struct {
		host string
		code int
		body string
	}{
		{"example.com", 200, "example"},
		{"EXAMPLE.com:8443", 200, "example"},
		{"example.com.", 200, "example"},
		{"api.example.com", 200, "api"},
		{"www.example.com", 200, "wild"},
		{"a.b.example.com", 200, "wild"},
		{"x.eu.example.com", 200, "eu-wild"},
		{"[::1]:8000", 200, "ipv6"},
		{"[::1]", 200, "ipv6"},
		{"127.0.0.1", 200, "ipv4"},
		{"notexample.com", 404, ""},
		{"other.org", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = tt.host
			w := httptest.NewRecorder()
			m.ServeHTTP(w, r)
			if w.Code != tt.code || (tt.code == 200 && w.Body.String() != tt.body) {
				t.Errorf("host %q: got %d %q, want %d %q", tt.host, w.Code, w.Body, tt.code, tt.body)
			}
			if tt.code == 404 && !strings.Contains(w.Body.String(), `"error":"not_found"`) {
				t.Errorf("host %q: 404 body %q is not a tonic error", tt.host, w.Body)
			}
		})
	}
}

func TestHostServeMuxAnyAndURLHost(t *testing.T) {
	t.Parallel()
	m := NewHostServeMux()
	m.Handle("a.test", named("a"))
	m.Handle("*", named("any"))
	r := httptest.NewRequest("GET", "http://a.test/x", nil)
	r.Host = ""
	if h, pattern := m.Handler(r); pattern != "a.test" || h == nil {
		t.Errorf("URL host: got pattern %q, want %q", pattern, "a.test")
	}
	r.Host = "b.test"
	if _, pattern := m.Handler(r); pattern != "*" {
		t.Errorf("any host: got pattern %q, want %q", pattern, "*")
	}
}

func TestHostServeMuxPanics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, host string
		h          http.Handler
		want       string
	}{
		{"duplicate", "a.test", named("x"), `tonic: host "a.test" is already registered`},
		{"duplicate after normalising", "A.TEST:80", named("x"), `tonic: host "A.TEST:80" is already registered`},
		{"duplicate wildcard", "*.a.test", named("x"), `tonic: host "*.a.test" is already registered`},
		{"invalid", "a b.test", named("x"), `tonic: invalid host "a b.test"`},
		{"empty", "", named("x"), `tonic: invalid host ""`},
		{"bare wildcard suffix", "*.", named("x"), `tonic: invalid host "*."`},
		{"nil handler", "b.test", nil, `tonic: nil handler for host "b.test"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := NewHostServeMux()
			m.Handle("a.test", named("a"))
			m.Handle("*.a.test", named("a"))
			if got := panicMessage(func() { m.Handle(tt.host, tt.h) }); got != tt.want {
				t.Errorf("Handle(%q): got panic %q, want %q", tt.host, got, tt.want)
			}
		})
	}
}

// TestHostServeMuxFallback: a request for a host whose mux has no route for
// the path goes to the host-less routes of "*"; one whose host has routes
// for other methods goes there only when "*" serves the method; a host
// handler that is not a mux, or a wrapped mux that serves the path, keeps
// its requests.
func TestHostServeMuxFallback(t *testing.T) {
	t.Parallel()
	host := NewTrieServeMux()
	host.Handle("GET", "/h", named("host-h"))
	host.Handle("GET", "/dir/", named("host-dir"))
	hostless := NewTrieServeMux()
	hostless.Handle("GET", "/other", named("hostless-other"))
	hostless.Handle("POST", "/h", named("hostless-post-h"))
	hostless.Handle("GET", "/dir", named("hostless-dir"))
	m := NewHostServeMux()
	m.Handle("*.mux.test", host)
	m.Handle("wrapped.test", unwrapper{host})
	m.Handle("plain.test", named("plain"))
	m.Handle("*", hostless)
	tests := []struct {
		name, method, host, target string
		code                       int
		body, pattern              string
	}{
		{"the host's route", "GET", "a.mux.test", "/h", 200, "host-h", "*.mux.test"},
		{"no route at the host", "GET", "a.mux.test", "/other", 200, "hostless-other", "*"},
		{"the host-less routes have the method", "POST", "a.mux.test", "/h", 200, "hostless-post-h", "*"},
		{"nobody has the method: the host's 405", "PUT", "a.mux.test", "/h", 405, "", "*.mux.test"},
		{"the host's redirect before the host-less route", "GET", "a.mux.test", "/dir", 301, "", "*.mux.test"},
		{"nobody has the path", "GET", "a.mux.test", "/nope", 404, "", "*"},
		{"through Unwrap", "GET", "wrapped.test", "/other", 200, "hostless-other", "*"},
		{"a handler that is not a mux keeps its host", "GET", "plain.test", "/other", 200, "plain", "plain.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tt.method, tt.target, nil)
			r.Host = tt.host
			if _, pattern := m.Handler(r); pattern != tt.pattern {
				t.Errorf("Handler: got host pattern %q, want %q", pattern, tt.pattern)
			}
			w := httptest.NewRecorder()
			m.ServeHTTP(w, r)
			if body := w.Body.String(); w.Code != tt.code || (tt.code == 200 && body != tt.body) {
				t.Errorf("got %d %q, want %d %q", w.Code, body, tt.code, tt.body)
			}
		})
	}
}

// unwrapper is middleware around a handler that Unwrap reaches.
type unwrapper struct{ h http.Handler }

func (u unwrapper) ServeHTTP(w http.ResponseWriter, r *http.Request) { u.h.ServeHTTP(w, r) }
func (u unwrapper) Unwrap() http.Handler                             { return u.h }
