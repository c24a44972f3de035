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
