package middleware_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Tiger Tonic's handler-first wrappers, nested inside out, become one
// Chain, outermost first, with the registry passed in.
func ExampleChain_fromTigerTonic() {
	reg := metrics.NewRegistry() // Tiger Tonic's nil meant metrics.DefaultRegistry
	logger := zerolog.New(io.Discard)
	stuff := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "{}\n") })

	// tigertonic.Logged(tigertonic.CountedByStatus(tigertonic.Timed(
	//	tigertonic.Cached(stuff, tigertonic.CacheOptions{MaxAge: time.Minute}),
	//	"get-stuff", nil), "get-stuff", nil), nil)
	h := middleware.Chain(
		middleware.Logged(logger),
		middleware.CountedByStatus(reg, "get-stuff"),
		middleware.Timed(reg, "get-stuff"),
		middleware.Cached(middleware.CacheOptions{MaxAge: time.Minute}),
	)(stuff)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/stuff", nil))
	fmt.Println(w.Code, w.Header().Get("Cache-Control"), reg.Get("get-stuff-200").(metrics.Counter).Count())
	// Output:
	// 200 max-age=60 1
}

// Observed replaces Tiger Tonic's PostProcessed and tee writers: a callback
// that sees the status, header, size and, within a bound, the body.
func ExampleObserved() {
	audit := middleware.Observed(func(r *http.Request, o middleware.Observation) {
		fmt.Printf("%s %s: %d %s, %d bytes, %q (cut: %v)\n", r.Method, r.URL.Path,
			o.Status, o.Header.Get("Content-Type"), o.Bytes, o.Body, o.BodyTruncated)
	}, middleware.ObserveOptions{Body: 5})
	h := audit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, "hello world")
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/greetings", nil))
	// Output:
	// POST /greetings: 201 text/plain, 11 bytes, "hello" (cut: true)
}

// Tiger Tonic's HTTPBasicAuthFunc, which checked credentials with a
// function, is If with r.BasicAuth; BasicAuth covers a fixed map.
func ExampleIf_basicAuthFunc() {
	check := func(user, password string) error { // e.g. a lookup in a user store
		if user != "alice" || password != "s3cret" {
			return errors.New("wrong user or password")
		}
		return nil
	}
	auth := middleware.If(func(r *http.Request) (http.Header, error) {
		user, password, ok := r.BasicAuth()
		if !ok || check(user, password) != nil {
			return http.Header{"Www-Authenticate": {`Basic realm="stuff", charset="UTF-8"`}},
				tonic.NewError(http.StatusUnauthorized, "authentication required")
		}
		return nil, nil
	})
	h := auth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "in\n") }))

	r := httptest.NewRequest("GET", "/", nil)
	r.SetBasicAuth("alice", "guess")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Print(w.Code, " ", w.Header().Get("WWW-Authenticate"), " ", w.Body.String())
	// Output:
	// 401 Basic realm="stuff", charset="UTF-8" {"error":"unauthorized","description":"authentication required"}
}
