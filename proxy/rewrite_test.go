package proxy

import (
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// headerEcho answers the request headers it got, one "Name: value" a line,
// for the names it is given.
func headerEcho(names ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		for _, n := range names {
			b.WriteString(n + ": " + strings.Join(r.Header.Values(n), " | ") + "\n")
		}
		w.Write([]byte(b.String()))
	})
}

func TestForwardedHeadersCannotBeForged(t *testing.T) {
	names := []string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-Ip"}
	be := startBackend(t, "a", headerEcho(names...))
	forged := map[string]string{
		"X-Forwarded-For":   "6.6.6.6",
		"X-Forwarded-Host":  "evil.example",
		"X-Forwarded-Proto": "https",
		"Forwarded":         "for=6.6.6.6;proto=https",
		"X-Real-Ip":         "6.6.6.6",
	}
	tests := []struct {
		name  string
		trust bool
		want  string
	}{
		{name: "untrusted client: all set from the connection", want: "X-Forwarded-For: 127.0.0.1\nX-Forwarded-Host: HOST\n" +
			"X-Forwarded-Proto: http\nForwarded: \nX-Real-Ip: \n"},
		{name: "trusted front proxy: kept, client appended", trust: true, want: "X-Forwarded-For: 6.6.6.6, 127.0.0.1\n" +
			"X-Forwarded-Host: evil.example\nX-Forwarded-Proto: https\nForwarded: for=6.6.6.6;proto=https\nX-Real-Ip: 6.6.6.6\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := newTestProxy(t, []string{be.url}, Options{TrustForwarded: tt.trust})
			url, client := front(t, p)
			req, _ := http.NewRequest(http.MethodGet, url+"/", nil)
			for k, v := range forged {
				req.Header.Set(k, v)
			}
			r := do(client, req)
			want := strings.Replace(tt.want, "HOST", strings.TrimPrefix(url, "http://"), 1)
			if r.err != nil || r.body != want {
				t.Errorf("backend saw\n%s(err %v), want\n%s", r.body, r.err, want)
			}
		})
	}
	t.Run("trusted front proxy, none sent", func(t *testing.T) {
		p, _ := newTestProxy(t, []string{be.url}, Options{TrustForwarded: true})
		url, client := front(t, p)
		r := getURL(t, client, url+"/")
		want := "X-Forwarded-For: 127.0.0.1\nX-Forwarded-Host: " + strings.TrimPrefix(url, "http://") +
			"\nX-Forwarded-Proto: http\nForwarded: \nX-Real-Ip: \n"
		if r.body != want {
			t.Errorf("backend saw\n%s, want\n%s", r.body, want)
		}
	})
}

func TestHopByHopHeadersStripped(t *testing.T) {
	be := startBackend(t, "a", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "X-Backend-Hop")
		w.Header().Set("X-Backend-Hop", "secret")
		w.Header().Set("Keep-Alive", "timeout=5")
		headerEcho("X-Client-Hop", "Proxy-Authorization", "Te", "Keep-Alive").ServeHTTP(w, r)
	}))
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	url, client := front(t, p)
	req, _ := http.NewRequest(http.MethodGet, url+"/", nil)
	req.Header.Set("Connection", "X-Client-Hop")
	req.Header.Set("X-Client-Hop", "secret")
	req.Header.Set("Proxy-Authorization", "Basic c2VjcmV0")
	req.Header.Set("Keep-Alive", "timeout=5")
	r := do(client, req)
	if want := "X-Client-Hop: \nProxy-Authorization: \nTe: \nKeep-Alive: \n"; r.body != want {
		t.Errorf("backend saw\n%s, want\n%s", r.body, want)
	}
	if v := r.header.Get("X-Backend-Hop"); v != "" {
		t.Errorf("client got X-Backend-Hop %q, want none", v)
	}
}

func TestRequestIDPassedOnOnce(t *testing.T) {
	be := startBackend(t, "a", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A tonic backend echoes the ID it was given.
		w.Header()["X-Request-Id"] = r.Header["X-Request-Id"]
		w.Write([]byte(strings.Join(r.Header.Values("X-Request-Id"), " | ")))
	}))
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	stack := middleware.Chain(middleware.RequestID(), middleware.Logged(zerolog.Nop(), middleware.LogOptions{}))(p)
	tests := []struct {
		name    string
		h       http.Handler
		sent    string
		keepsID bool
	}{
		{name: "bare, valid ID", h: p, sent: "client-id-1", keepsID: true},
		{name: "bare, forged ID", h: p, sent: "bad id\twith spaces"},
		{name: "bare, none", h: p},
		{name: "behind RequestID, valid ID", h: stack, sent: "client-id-2", keepsID: true},
		{name: "behind RequestID, forged ID", h: stack, sent: "<script>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, client := front(t, tt.h)
			req, _ := http.NewRequest(http.MethodGet, url+"/", nil)
			if tt.sent != "" {
				req.Header.Set(tonic.RequestIDHeader, tt.sent)
			}
			r := do(client, req)
			got := r.header.Values(tonic.RequestIDHeader)
			if len(got) != 1 {
				t.Fatalf("client got X-Request-ID %q, want exactly one", got)
			}
			if r.body != got[0] {
				t.Errorf("backend got X-Request-ID %q, client got %q: want the same one", r.body, got[0])
			}
			if tt.keepsID != (got[0] == tt.sent) || !tonic.ValidRequestID(got[0]) {
				t.Errorf("got ID %q for %q sent; want the sent one only when it is valid", got[0], tt.sent)
			}
		})
	}
}

func TestCleanQuery(t *testing.T) {
	tests := []struct {
		name, q string
		want    bool
	}{
		{"empty", "", true},
		{"plain", "a=1&b=2", true},
		{"escapes", "a=%20%2b%C3%A9", true},
		{"semicolon", "a=1;b=2", false},
		{"truncated escape", "a=%2", false},
		{"escape at the end", "a=%", false},
		{"bad escape", "a=%zz", false},
		{"too many", strings.Repeat("a&", maxQueryParams), false},
		{"just enough", strings.Repeat("a&", maxQueryParams-1) + "a", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanQuery(tt.q); got != tt.want {
				t.Errorf("cleanQuery(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}
