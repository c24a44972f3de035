package docs_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/seed78c03fa0/tonic/openapi/docs"
	"github.com/seed78c03fa0/tonic/tonic"
)

// The page under /docs/, for the document a service serves at
// /openapi.json.
func ExampleHandler() {
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/docs/{file...}", docs.Handler("/openapi.json", docs.Options{Title: "Stuff API"}))

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/docs/", nil))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(w.Header().Get("Content-Security-Policy"))

	w = httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/docs", nil))
	fmt.Println(w.Code, w.Header().Get("Location")) // the mux adds the slash
	// Output:
	// 200 text/html; charset=utf-8
	// default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'
	// 301 /docs/
}
