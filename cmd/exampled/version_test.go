package main

import (
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
)

// GET /1.0/version answers the build's version, the stamp /info shows,
// without authentication.
func TestVersionRoute(t *testing.T) {
	t.Parallel()
	store, err := OpenStore("", func() time.Time { return testTime })
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := newAPI(apiOptions{store: store, log: zerolog.Nop(), registry: metrics.NewRegistry(), auth: testAuth, version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		c    call
		code int
		body string
	}{
		{"JSON", call{method: "GET", target: "/1.0/version"}, 200, `{"version":"v1.2.3"}` + "\n"},
		{"text", call{method: "GET", target: "/1.0/version", header: map[string]string{"Accept": "text/plain"}}, 200, "v1.2.3\n"},
		{"HEAD", call{method: "HEAD", target: "/1.0/version"}, 200, ""},
		{"POST", call{method: "POST", target: "/1.0/version"}, 405,
			`{"error":"method_not_allowed","description":"POST /1.0/version is not allowed; the allowed methods are GET, HEAD, OPTIONS","request_id":"req-1"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := serveAPI(h, tt.c); got.code != tt.code || got.body != tt.body {
				t.Errorf("got %d %q, want %d %q", got.code, got.body, tt.code, tt.body)
			}
		})
	}
}
