package main

import (
	"net/http/httptest"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

func TestGreet(t *testing.T) {
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/hello/{name}", marshal.Typed(greet))
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/hello/world", nil))
	if w.Code != 200 || w.Body.String() != "{\"hello\":\"world\"}\n" {
		t.Errorf("got %d %q, want 200 {\"hello\":\"world\"}", w.Code, w.Body)
	}
}
