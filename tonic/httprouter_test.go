package tonic

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/julienschmidt/httprouter"
)

func TestHTTPRouterInterop(t *testing.T) {
	t.Parallel()
	read := func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s|%s|%s|%s", r.PathValue("id"), r.PathValue("rest"), PathValue(r, "id"), PathValue(r, "rest"))
	}
	router := httprouter.New()
	router.Handle("GET", "/a/:id/*rest", HTTPRouterHandle(http.HandlerFunc(read)))
	router.Handler("GET", "/b/:id/*rest", http.HandlerFunc(read))
	mux := NewTrieServeMux()
	mux.HandleFunc("GET", "/c/:id/*rest", read)
	tests := []struct {
		name, target, want string
	}{
		{"HTTPRouterHandle sets path values", "/a/7/x/y", "7|x/y|7|x/y"},
		{"PathValue reads httprouter's context", "/b/7/x/y", "||7|x/y"},
		{"tonic's mux", "/c/7/x/y", "7|x/y|7|x/y"},
	}
	for _, tt := range tests {
		var h http.Handler = router
		if tt.target[1] == 'c' {
			h = mux
		}
		if got := serve(h, "GET", tt.target).Body.String(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRecordSeesThroughReplacedRequest: UseErrorWriter serves a copy of the
// request; the record outside still learns the route.
func TestRecordSeesThroughReplacedRequest(t *testing.T) {
	t.Parallel()
	mux := NewTrieServeMux()
	mux.Handle("GET", "/users/{id}", echo("id"))
	var h http.Handler = UseErrorWriter(ProblemErrors{})(mux)
	r, rec := WithRecord(httptest.NewRequest("GET", "/users/1", nil), nil)
	h.ServeHTTP(httptest.NewRecorder(), r)
	if got := rec.Route(); got != "GET /users/{id}" {
		t.Errorf("route: got %q, want %q", got, "GET /users/{id}")
	}
}
