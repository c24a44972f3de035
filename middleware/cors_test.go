package middleware

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

func TestCORS(t *testing.T) {
	t.Parallel()
	specific := corsConfig{[]string{"https://app.example.com", "http://localhost:3000"}, CORSOptions{
		Methods:        []string{"GET", "put", "DELETE"},
		Headers:        []string{"X-Token", "Content-Type"},
		ExposedHeaders: []string{"X-Request-ID", "ETag"},
		Credentials:    true,
		MaxAge:         10 * time.Minute,
	}}
	anyOrigin := corsConfig{[]string{"*"}, CORSOptions{}}
	anyHeader := corsConfig{[]string{"https://a.example"}, CORSOptions{Headers: []string{"*"}}}
	tests := []struct {
		name       string
		opts       corsConfig
		method     string
		hdr        map[string]string
		wantStatus int
		want       http.Header // every Access-Control-* and Vary header expected
	}{
		{name: "no Origin, no CORS headers", opts: specific, method: "GET", wantStatus: 200,
			want: http.Header{"Vary": {"Origin"}}},
		{name: "allowed origin on a simple request", opts: specific, method: "GET",
			hdr: map[string]string{"Origin": "https://app.example.com"}, wantStatus: 200,
			want: http.Header{"Vary": {"Origin"}, "Access-Control-Allow-Origin": {"https://app.example.com"},
				"Access-Control-Allow-Credentials": {"true"}, "Access-Control-Expose-Headers": {"X-Request-ID, ETag"}}},
		{name: "disallowed origin", opts: specific, method: "GET",
			hdr: map[string]string{"Origin": "https://evil.example"}, wantStatus: 200,
			want: http.Header{"Vary": {"Origin"}}},
		{name: "null origin is not allowed unless listed", opts: specific, method: "GET",
			hdr: map[string]string{"Origin": "null"}, wantStatus: 200, want: http.Header{"Vary": {"Origin"}}},
		{name: "preflight allowed", opts: specific, method: "OPTIONS",
			hdr: map[string]string{"Origin": "http://localhost:3000", "Access-Control-Request-Method": "PUT",
				"Access-Control-Request-Headers": "x-token, content-type"}, wantStatus: 204,
			want: http.Header{"Vary": {"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"},
				"Access-Control-Allow-Origin": {"http://localhost:3000"}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Methods": {"GET, PUT, DELETE"}, "Access-Control-Allow-Headers": {"X-Token, Content-Type"},
				"Access-Control-Max-Age": {"600"}}},
		{name: "preflight for a method not allowed", opts: specific, method: "OPTIONS",
			hdr: map[string]string{"Origin": "http://localhost:3000", "Access-Control-Request-Method": "PATCH"}, wantStatus: 204,
			want: http.Header{"Vary": {"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"}}},
		{name: "preflight for a header not allowed", opts: specific, method: "OPTIONS",
			hdr: map[string]string{"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET",
				"Access-Control-Request-Headers": "x-other"}, wantStatus: 204,
			want: http.Header{"Vary": {"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"}}},
		{name: "OPTIONS without a request method is not a preflight", opts: specific, method: "OPTIONS",
			hdr: map[string]string{"Origin": "https://app.example.com"}, wantStatus: 200,
			want: http.Header{"Vary": {"Origin"}, "Access-Control-Allow-Origin": {"https://app.example.com"},
				"Access-Control-Allow-Credentials": {"true"}, "Access-Control-Expose-Headers": {"X-Request-ID, ETag"}}},
		{name: "any origin: star, no Vary, no empty headers", opts: anyOrigin, method: "POST",
			hdr: map[string]string{"Origin": "https://x.example"}, wantStatus: 200,
			want: http.Header{"Access-Control-Allow-Origin": {"*"}}},
		{name: "any origin preflight: default methods, no empty headers", opts: anyOrigin, method: "OPTIONS",
			hdr: map[string]string{"Origin": "https://x.example", "Access-Control-Request-Method": "POST"}, wantStatus: 204,
			want: http.Header{"Vary": {"Access-Control-Request-Method", "Access-Control-Request-Headers"},
				"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Methods": {"GET, HEAD, POST"}}},
		{name: "any header echoes the request", opts: anyHeader, method: "OPTIONS",
			hdr: map[string]string{"Origin": "https://a.example", "Access-Control-Request-Method": "GET",
				"Access-Control-Request-Headers": "x-a, x-b"}, wantStatus: 204,
			want: http.Header{"Vary": {"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"},
				"Access-Control-Allow-Origin": {"https://a.example"}, "Access-Control-Allow-Methods": {"GET, HEAD, POST"},
				"Access-Control-Allow-Headers": {"x-a, x-b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			called := false
			h := CORS(tt.opts.origins, tt.opts.opts)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { called = true }))
			r := httptest.NewRequest(tt.method, "/x", nil)
			for k, v := range tt.hdr {
				r.Header.Set(k, v)
			}
			rec := serve(h, r)
			if rec.Code != tt.wantStatus {
				t.Errorf("status got %d, want %d", rec.Code, tt.wantStatus)
			}
			if called == (tt.wantStatus == 204) {
				t.Errorf("handler called got %v, want %v", called, tt.wantStatus != 204)
			}
			got := http.Header{}
			for k, v := range rec.Header() {
				if k == "Vary" || len(k) > 15 && k[:15] == "Access-Control-" {
					got[k] = v
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("headers got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCORSPreflightForEveryRouteWhateverWrapsIt(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	logger, _ := testLogger()
	mux := http.NewServeMux()
	mux.Handle("GET /a", Chain(Timed(reg, ""), Logged(logger, LogOptions{}))(text(200, "a")))
	mux.Handle("DELETE /b/{id}", Recovered(logger)(text(200, "b")))
	h := CORS([]string{"https://app.example"}, CORSOptions{Methods: []string{"GET", "DELETE"}})(mux)
	for _, path := range []string{"/a", "/b/7", "/not-a-route"} {
		r := httptest.NewRequest("OPTIONS", path, nil)
		r.Header.Set("Origin", "https://app.example")
		r.Header.Set("Access-Control-Request-Method", "DELETE")
		rec := serve(h, r)
		if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example" ||
			rec.Header().Get("Access-Control-Allow-Methods") != "GET, DELETE" {
			t.Errorf("%s got %d %v, want a 204 preflight answer", path, rec.Code, rec.Header())
		}
	}
}

func TestCORSConstruction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts corsConfig
		want string
	}{
		{name: "no origins", opts: corsConfig{}, want: "without origins"},
		{name: "star with credentials", opts: corsConfig{[]string{"*"}, CORSOptions{Credentials: true}}, want: "cannot be combined"},
		{name: "star among origins", opts: corsConfig{[]string{"*", "https://a.example"}, CORSOptions{}}, want: `"*" is not an origin`},
		{name: "path", opts: corsConfig{[]string{"https://a.example/"}, CORSOptions{}}, want: `"https://a.example/" is not an origin`},
		{name: "no scheme", opts: corsConfig{[]string{"a.example"}, CORSOptions{}}, want: `"a.example" is not an origin`},
		{name: "negative max age", opts: corsConfig{[]string{"null"}, CORSOptions{MaxAge: -1}}, want: "negative MaxAge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantPanicPrefix(t, tt.want, func() { CORS(tt.opts.origins, tt.opts.opts) })
		})
	}
}

// corsConfig is what CORS is given in a table row.
type corsConfig struct {
	origins []string
	opts    CORSOptions
}
