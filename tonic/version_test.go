package tonic_test

import (
	"net/http/httptest"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		version tonic.Version
		method  string
		accept  string
		status  int
		ct      string
		body    string
		allow   string
		noStore bool
	}{
		{name: "JSON", version: "v1.2.3", method: "GET", status: 200, ct: "application/json", body: `{"version":"v1.2.3"}` + "\n", noStore: true},
		{name: "JSON asked for", version: "v1.2.3", method: "GET", accept: "application/json", status: 200, ct: "application/json", body: `{"version":"v1.2.3"}` + "\n", noStore: true},
		{name: "quotes escaped", version: `v"1`, method: "GET", status: 200, ct: "application/json", body: `{"version":"v\"1"}` + "\n", noStore: true},
		{name: "plain text", version: "v1.2.3", method: "GET", accept: "text/plain", status: 200, ct: "text/plain; charset=utf-8", body: "v1.2.3\n", noStore: true},
		{name: "JSON refused", version: "v1.2.3", method: "GET", accept: "application/json;q=0, text/*", status: 200, ct: "text/plain; charset=utf-8", body: "v1.2.3\n", noStore: true},
		{name: "neither accepted", version: "v1.2.3", method: "GET", accept: "image/png", status: 406, ct: "text/plain; charset=utf-8", body: "not_acceptable: Accept is \"image/png\", which rules out both application/json and text/plain\n"},
		{name: "HEAD", version: "v1.2.3", method: "HEAD", status: 200, ct: "application/json", body: "", noStore: true},
		{name: "OPTIONS", version: "v1.2.3", method: "OPTIONS", status: 204, allow: "GET, HEAD, OPTIONS"},
		{name: "POST", version: "v1.2.3", method: "POST", status: 405, ct: "application/json", allow: "GET, HEAD, OPTIONS",
			body: `{"error":"method_not_allowed","description":"POST is not allowed; the allowed methods are GET, HEAD, OPTIONS"}` + "\n"},
		{name: "no version", version: "", method: "GET", status: 404, ct: "application/json", body: `{"error":"not_found","description":"the version is not known"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tt.method, "/version", nil)
			if tt.accept != "" {
				r.Header.Set("Accept", tt.accept)
			}
			w := httptest.NewRecorder()
			tt.version.ServeHTTP(w, r)
			if w.Code != tt.status || w.Body.String() != tt.body {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body.String(), tt.status, tt.body)
			}
			if got := w.Header().Get("Content-Type"); got != tt.ct {
				t.Errorf("got Content-Type %q, want %q", got, tt.ct)
			}
			if got := w.Header().Get("Allow"); got != tt.allow {
				t.Errorf("got Allow %q, want %q", got, tt.allow)
			}
			if got := w.Header().Get("Cache-Control") == "no-store"; got != tt.noStore {
				t.Errorf("got Cache-Control %q, want no-store: %v", w.Header().Get("Cache-Control"), tt.noStore)
			}
		})
	}
}

// Mounted for GET on a mux, HEAD is served by it and other methods get the
// mux's 405.
func TestVersionOnMux(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/version", tonic.Version("v9"))
	for _, tt := range []struct {
		method string
		status int
		allow  string
	}{{"GET", 200, ""}, {"HEAD", 200, ""}, {"DELETE", 405, "GET, HEAD, OPTIONS"}} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(tt.method, "/version", nil))
		if w.Code != tt.status || w.Header().Get("Allow") != tt.allow {
			t.Errorf("%s: got %d Allow %q, want %d Allow %q", tt.method, w.Code, w.Header().Get("Allow"), tt.status, tt.allow)
		}
	}
}
