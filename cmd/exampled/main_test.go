package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHello(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target string
		code   int
		body   string
	}{
		{"/1.0/hello/world", 200, `{"hello":"world"}` + "\n"},
		{"/1.0/nope", 404, `{"error":"not_found","description":"GET /1.0/nope not found"}` + "\n"},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		newMux().ServeHTTP(w, httptest.NewRequest(http.MethodGet, tt.target, nil))
		if w.Code != tt.code || w.Body.String() != tt.body {
			t.Errorf("GET %s: got %d %q, want %d %q", tt.target, w.Code, w.Body, tt.code, tt.body)
		}
	}
}
