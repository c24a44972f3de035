package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCrossOrigin(t *testing.T) {
	t.Parallel()
	h := CrossOrigin(CrossOriginOptions{TrustedOrigins: []string{"https://app.example.com"}, Bypass: []string{"POST /hooks/"}})(text(200, "written"))
	tests := []struct {
		name   string
		method string
		target string
		hdr    map[string]string
		want   int
	}{
		{"same-origin write", "POST", "/stuff", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"a typed URL or bookmark", "POST", "/stuff", map[string]string{"Sec-Fetch-Site": "none"}, 200},
		{"cross-site write", "POST", "/stuff", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403},
		{"same-site, other origin", "DELETE", "/stuff/1", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://other.example.com"}, 403},
		{"cross-site read", "GET", "/stuff", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 200},
		{"cross-site preflight", "OPTIONS", "/stuff", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 200},
		{"trusted origin", "PUT", "/stuff/1", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://app.example.com"}, 200},
		{"bypassed route", "POST", "/hooks/github", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 200},
		{"old browser, foreign Origin", "POST", "/stuff", map[string]string{"Origin": "https://evil.example"}, 403},
		{"old browser, own Origin", "POST", "/stuff", map[string]string{"Origin": "http://example.com"}, 200},
		{"not a browser", "POST", "/stuff", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "http://example.com"+tt.target, nil)
			for k, v := range tt.hdr {
				r.Header.Set(k, v)
			}
			w := serve(h, r)
			if w.Code != tt.want {
				t.Fatalf("got %d %s, want %d", w.Code, w.Body, tt.want)
			}
			if tt.want == 403 && !strings.HasPrefix(w.Body.String(), `{"error":"cross_origin_request","description":"cross-origin write refused: `) {
				t.Errorf("got body %s, want a JSON cross_origin_request error", w.Body)
			}
		})
	}
}

func TestCrossOriginConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, `CrossOrigin: trusted origin "app.example.com"`, func() {
		CrossOrigin(CrossOriginOptions{TrustedOrigins: []string{"app.example.com"}})
	})
	wantPanicPrefix(t, `CrossOrigin: bypass pattern "POST hooks"`, func() {
		CrossOrigin(CrossOriginOptions{Bypass: []string{"POST hooks"}})
	})
	wantPanicPrefix(t, "CrossOrigin applied to a nil handler", func() { CrossOrigin()(nil) })
	wantPanicPrefix(t, "CrossOrigin: 2", func() { CrossOrigin(CrossOriginOptions{}, CrossOriginOptions{}) })
}

var _ http.Handler = CrossOrigin()(noop)
