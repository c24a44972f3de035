package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCacheOptionsString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		o    CacheOptions
		want string
	}{
		{name: "empty", want: ""},
		{name: "max-age in seconds", o: CacheOptions{MaxAge: 90 * time.Second}, want: "max-age=90"},
		{name: "every directive in order", o: CacheOptions{Private: true, NoCache: true, NoStore: true, NoTransform: true,
			MustRevalidate: true, ProxyRevalidate: true, Immutable: true, MaxAge: time.Hour, SharedMaxAge: time.Minute},
			want: "private, no-cache, no-store, no-transform, must-revalidate, proxy-revalidate, immutable, max-age=3600, s-maxage=60"},
		{name: "public immutable", o: CacheOptions{Public: true, Immutable: true, MaxAge: 365 * 24 * time.Hour},
			want: "public, immutable, max-age=31536000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.o.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCached(t *testing.T) {
	t.Parallel()
	opts := CacheOptions{Public: true, MaxAge: time.Minute}
	tests := []struct {
		name string
		h    http.Handler
		want string
	}{
		{name: "explicit status", h: text(200, "x"), want: "public, max-age=60"},
		{name: "implicit 200 by write", h: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, "x")
		}), want: "public, max-age=60"},
		{name: "implicit 200 without a write", h: noop, want: "public, max-age=60"},
		{name: "redirect", h: http.RedirectHandler("/y", http.StatusMovedPermanently), want: "public, max-age=60"},
		{name: "handler's own value wins", h: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
		}), want: "no-store"},
		{name: "errors are not cached", h: text(500, "x"), want: ""},
		{name: "not found is not cached", h: text(404, "x"), want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := serve(Cached(opts)(tt.h), httptest.NewRequest("GET", "/", nil))
			if got := rec.Header().Get("Cache-Control"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCachedReachesARealClient is the Tiger Tonic bug: its Cached set the
// header after the handler had written, so clients never saw it.
func TestCachedReachesARealClient(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(Cached(CacheOptions{MaxAge: time.Hour})(text(200, "body")))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if got := res.Header.Get("Cache-Control"); got != "max-age=3600" {
		t.Errorf("got %q, want %q", got, "max-age=3600")
	}
}

func TestCachedConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "without a directive", func() { Cached(CacheOptions{}) })
	wantPanicPrefix(t, "both Public and Private", func() { Cached(CacheOptions{Public: true, Private: true}) })
	msg := mustPanic(t, func() { Cached(CacheOptions{MaxAge: -time.Second}) })
	if !strings.Contains(msg, "negative duration") {
		t.Errorf("got %q, want a negative duration panic", msg)
	}
}
