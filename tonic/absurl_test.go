package tonic_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestAbsoluteURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		req    func() *http.Request
		want   string
		urlWas string // r.URL.String() afterwards: never modified
	}{
		{name: "plain HTTP", req: func() *http.Request {
			return httptest.NewRequest("GET", "/1.0/stuff/7?x=1", nil)
		}, want: "http://example.com/1.0/stuff/7?x=1", urlWas: "/1.0/stuff/7?x=1"},
		{name: "TLS", req: func() *http.Request {
			r := httptest.NewRequest("GET", "/a", nil)
			r.TLS = &tls.ConnectionState{}
			return r
		}, want: "https://example.com/a", urlWas: "/a"},
		{name: "Host with a port", req: func() *http.Request {
			r := httptest.NewRequest("GET", "/a", nil)
			r.Host = "api.example.com:8443"
			return r
		}, want: "http://api.example.com:8443/a", urlWas: "/a"},
		{name: "escaped slash kept", req: func() *http.Request {
			return httptest.NewRequest("GET", "/files/a%2Fb?q=%20", nil)
		}, want: "http://example.com/files/a%2Fb?q=%20", urlWas: "/files/a%2Fb?q=%20"},
		{name: "absolute form keeps its scheme and host", req: func() *http.Request {
			r := httptest.NewRequest("GET", "https://other.example/x", nil)
			r.Host = "ignored.example"
			return r
		}, want: "https://other.example/x", urlWas: "https://other.example/x"},
		{name: "prefix stripped from r.URL is kept", req: func() *http.Request {
			r := httptest.NewRequest("GET", "/1.0/stuff", nil)
			r.URL.Path = "/stuff" // as http.StripPrefix leaves it
			return r
		}, want: "http://example.com/1.0/stuff", urlWas: "/stuff"},
		{name: "no RequestURI: r.URL", req: func() *http.Request {
			r, _ := http.NewRequest("GET", "/p?q=1", nil)
			r.Host = "h.example"
			return r
		}, want: "http://h.example/p?q=1", urlWas: "/p?q=1"},
		{name: "no RequestURI, absolute r.URL", req: func() *http.Request {
			r, _ := http.NewRequest("GET", "https://h.example/p", nil)
			return r
		}, want: "https://h.example/p", urlWas: "https://h.example/p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := tt.req()
			got := tonic.AbsoluteURL(r)
			if got.String() != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got == r.URL || r.URL.String() != tt.urlWas {
				t.Errorf("got r.URL %q (same pointer: %v), want %q untouched", r.URL, got == r.URL, tt.urlWas)
			}
		})
	}
}

// Behind a namespace, the handler sees the path without the prefix, and
// AbsoluteURL gives the URL the client asked for.
func TestAbsoluteURLBehindNamespace(t *testing.T) {
	t.Parallel()
	api := tonic.NewTrieServeMux()
	api.HandleFunc("GET", "/stuff/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.URL.Path + " " + tonic.AbsoluteURL(r).String()))
	})
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/1.0", api)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/1.0/stuff/7?x=1", nil))
	if got, want := w.Body.String(), "/stuff/7 http://example.com/1.0/stuff/7?x=1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
