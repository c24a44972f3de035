package middleware_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// A production stack mounted around a mux, unit-tested with a recorder.
// With an empty metric name, Counted and Timed name their metrics after the
// route the mux matched.
func Example() {
	reg := metrics.NewRegistry()
	logger := zerolog.New(io.Discard) // in main: zerolog.New(os.Stderr).With().Timestamp().Logger()

	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		zerolog.Ctx(r.Context()).Info().Msg("loading user") // carries the request ID
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q}`+"\n", r.PathValue("id"))
	})
	stack := middleware.Chain(
		middleware.RequestID(),
		middleware.Logged(logger),
		middleware.Counted(reg, ""),
		middleware.Timed(reg, ""),
		middleware.Recovered(logger),
	)
	h := stack(mux)

	r := httptest.NewRequest("GET", "/users/42", nil)
	r.Header.Set("X-Request-ID", "req-42")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)

	fmt.Print(rec.Code, " ", rec.Header().Get("X-Request-ID"), " ", rec.Body.String())
	fmt.Println(reg.Get("GET /users/{id}.count").(metrics.Counter).Count())
	fmt.Println(reg.Get("GET /users/{id}.timer").(metrics.Timer).Count())
	// Output:
	// 200 req-42 {"id":"42"}
	// 1
	// 1
}

// Logged writes one line per request; handlers log through the request's
// logger, which adds the request ID. (The example masks the duration, which
// varies from run to run.)
func ExampleLogged() {
	var out strings.Builder
	logger := zerolog.New(&out) // in main: zerolog.New(os.Stderr).With().Timestamp().Logger()
	h := middleware.Logged(logger)(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			zerolog.Ctx(r.Context()).Info().Str("user", "alice").Msg("hello")
			w.WriteHeader(http.StatusAccepted)
		}))

	r := httptest.NewRequest("POST", "/jobs", nil)
	r.Header.Set("X-Request-ID", "job-7")
	h.ServeHTTP(httptest.NewRecorder(), r)
	fmt.Print(regexp.MustCompile(`"duration_ms":[0-9.e-]+`).ReplaceAllString(out.String(), `"duration_ms":…`))
	// Output:
	// {"level":"info","request_id":"job-7","user":"alice","message":"hello"}
	// {"level":"info","request_id":"job-7","method":"POST","path":"/jobs","proto":"HTTP/1.1","status":202,"bytes":0,"duration_ms":…,"remote_addr":"192.0.2.1:1234","message":"request"}
}

// Recovered turns a panic into tonic's error body, with the request ID.
func ExampleRecovered() {
	h := middleware.Chain(middleware.RequestID(), middleware.Recovered(zerolog.Nop()))(
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("nil map") }))

	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Request-ID", "oops-1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 500 {"error":"internal_server_error","description":"internal error","request_id":"oops-1"}
}

// CountedByStatus counts every status; an empty name counts per route.
func ExampleCountedByStatus() {
	reg := metrics.NewRegistry()
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/limited", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
	})
	h := middleware.Chain(middleware.CountedByStatus(reg, ""), middleware.CountedByStatusXX(reg, "api"))(mux)
	for _, path := range []string{"/limited", "/limited", "/nope"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	for _, name := range []string{"GET /limited-429", "unmatched-404", "api-4xx"} {
		fmt.Println(name, reg.Get(name).(metrics.Counter).Count())
	}
	// Output:
	// GET /limited-429 2
	// unmatched-404 1
	// api-4xx 3
}

// WithContext gives each request a typed value; no global map, no lock.
func ExampleWithContext() {
	type auth struct{ User string }
	login := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			middleware.Context[auth](r).User = "alice"
			next.ServeHTTP(w, r)
		})
	}
	h := middleware.Chain(middleware.WithContext[auth](), login)(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Println("hello,", middleware.Context[auth](r).User)
		}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	// Output:
	// hello, alice
}

// If stops a request with the status its error carries.
func ExampleIf() {
	members := middleware.If(func(r *http.Request) (http.Header, error) {
		if r.Header.Get("X-Member") == "" {
			return nil, tonic.NewError(http.StatusForbidden, "members only")
		}
		return http.Header{"X-Welcome": {"back"}}, nil
	})
	h := members(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "club\n") }))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 403 {"error":"forbidden","description":"members only"}
}

// BasicAuth answers every failure the same way.
func ExampleBasicAuth() {
	h := middleware.BasicAuth("admin", map[string]string{"alice": "s3cret"})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			user, _, _ := r.BasicAuth()
			fmt.Fprintln(w, "hi", user)
		}))
	for _, pass := range []string{"s3cret", "guess"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetBasicAuth("alice", pass)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Print(rec.Code, " ", rec.Header().Get("WWW-Authenticate"), " ", rec.Body.String())
	}
	// Output:
	// 200  hi alice
	// 401 Basic realm="admin", charset="UTF-8" {"error":"unauthorized","description":"authentication required"}
}

// CORS mounted around the mux answers preflights for every route.
func ExampleCORS() {
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("DELETE", "/items/{id}", func(w http.ResponseWriter, r *http.Request) {})
	h := middleware.CORS([]string{"https://app.example.com"}, middleware.CORSOptions{
		Methods: []string{"GET", "DELETE"},
		MaxAge:  time.Hour,
	})(mux)

	r := httptest.NewRequest("OPTIONS", "/items/1", nil)
	r.Header.Set("Origin", "https://app.example.com")
	r.Header.Set("Access-Control-Request-Method", "DELETE")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Header().Get("Access-Control-Allow-Origin"),
		rec.Header().Get("Access-Control-Allow-Methods"), rec.Header().Get("Access-Control-Max-Age"))
	// Output:
	// 204 https://app.example.com GET, DELETE 3600
}

// CrossOrigin refuses a write that a page on another site makes the browser
// send, and lets a page of the trusted front end and non-browser clients
// through.
func ExampleCrossOrigin() {
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("POST", "/transfers", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	h := middleware.CrossOrigin(middleware.CrossOriginOptions{
		TrustedOrigins: []string{"https://app.example.com"},
	})(mux)

	for _, origin := range []string{"https://evil.example", "https://app.example.com", ""} {
		r := httptest.NewRequest("POST", "https://api.example.com/transfers", nil)
		if origin != "" {
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			r.Header.Set("Origin", origin)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Printf("%q: %d\n", origin, rec.Code)
	}
	// Output:
	// "https://evil.example": 403
	// "https://app.example.com": 201
	// "": 201
}

// Timeout answers 503 at the deadline even when the handler ignores its
// context.
func ExampleTimeout() {
	release := make(chan struct{})
	done := make(chan struct{})
	h := middleware.Timeout(20 * time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		<-release // a handler stuck on something that ignores r.Context()
		_, err := io.WriteString(w, "too late")
		fmt.Println("late write:", errors.Is(err, http.ErrHandlerTimeout))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	close(release)
	<-done
	// Output:
	// 503 {"error":"timeout","description":"the request took longer than 20ms"}
	// late write: true
}

// Cached sets Cache-Control before the response goes out, on success only.
func ExampleCached() {
	h := middleware.Cached(middleware.CacheOptions{Public: true, MaxAge: 10 * time.Minute})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "static") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Header().Get("Cache-Control"))
	// Output:
	// public, max-age=600
}
