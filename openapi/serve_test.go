package openapi_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/tonic"
)

func TestHandler(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/things/{id}", marshal.Typed(func(context.Context, *Thing) (*Thing, error) { return nil, nil }))
	doc, err := openapi.New(mux, openapi.Info{Title: "t", Version: "1"})
	if err != nil {
		t.Fatal(err)
	}
	h := doc.Handler()
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest("GET", "/openapi.json", nil))
	etag := first.Header().Get("ETag")
	tests := []struct {
		name   string
		method string
		header map[string]string
		code   int
		body   string
	}{
		{"GET", "GET", nil, 200, string(doc.JSON())},
		{"HEAD", "HEAD", nil, 200, ""},
		{"unchanged", "GET", map[string]string{"If-None-Match": etag}, 304, ""},
		{"changed", "GET", map[string]string{"If-None-Match": `"other"`}, 200, string(doc.JSON())},
		{"POST", "POST", nil, 405, `{"error":"method_not_allowed","description":"POST is not allowed; the allowed methods are GET, HEAD"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/openapi.json", nil)
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.code || w.Body.String() != tt.body {
				t.Errorf("got %d %.100q, want %d %.100q", w.Code, w.Body.String(), tt.code, tt.body)
			}
			if tt.code == 200 {
				want := map[string]string{"Content-Type": "application/json", "ETag": etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
				for k, v := range want {
					if got := w.Header().Get(k); got != v {
						t.Errorf("%s: got %q, want %q", k, got, v)
					}
				}
			}
		})
	}
	if len(etag) != 34 {
		t.Errorf("ETag %q: want a quoted 32-digit hash", etag)
	}
}

func TestSameRoutesSameBytes(t *testing.T) {
	t.Parallel()
	build := func() []byte {
		mux := tonic.NewTrieServeMux()
		for _, p := range []string{"/c", "/a/{x}", "/b"} {
			mux.Handle("GET", p, marshal.Typed(func(context.Context, *Thing) (*Thing, error) { return nil, nil }))
		}
		doc, err := openapi.New(mux, openapi.Info{Title: "t", Version: "1"})
		if err != nil {
			t.Fatal(err)
		}
		return doc.JSON()
	}
	if a, b := build(), build(); string(a) != string(b) {
		t.Errorf("two builds differ:\n%s\n%s", a, b)
	}
}
