package tonic_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/seed78c03fa0/tonic/tonic"
)

func ExampleTrieServeMux() {
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "user %s via %s\n", r.PathValue("id"), r.Pattern)
	})
	mux.HandleFunc("GET", "/users/new", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "the sign-up form")
	})

	for _, target := range []string{"/users/42", "/users/new", "/users/42/"} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		fmt.Print(w.Code, " ", w.Header().Get("Location"), " ", w.Body.String())
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("DELETE", "/users/42", nil))
	fmt.Print(w.Code, " ", w.Header().Get("Allow"), " ", w.Body.String())
	// Output:
	// 200  user 42 via GET /users/{id}
	// 200  the sign-up form
	// 301 /users/42 {"error":"moved_permanently","description":"moved to /users/42"}
	// 405 GET, HEAD, OPTIONS {"error":"method_not_allowed","description":"DELETE /users/42 is not allowed; the allowed methods are GET, HEAD, OPTIONS"}
}

func ExampleTrieServeMux_HandleNamespace() {
	v1 := tonic.NewTrieServeMux()
	v1.HandleFunc("GET", "/stuff/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "path %s, stuff %s\n", r.URL.Path, r.PathValue("id"))
	})
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/1.0", v1)

	// Middleware outside the mux reads the full route from the record.
	r, rec := tonic.WithRecord(httptest.NewRequest("GET", "/1.0/stuff/7", nil), nil)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Print(w.Body.String())
	fmt.Println("route:", rec.Route())
	// Output:
	// path /stuff/7, stuff 7
	// route: GET /1.0/stuff/{id}
}

func ExampleHostServeMux() {
	hosts := tonic.NewHostServeMux()
	hosts.Handle("api.example.com", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "api")
	}))
	hosts.Handle("*.example.com", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "some other example.com site")
	}))

	for _, host := range []string{"API.example.com:8443", "www.example.com", "example.org"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		hosts.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// 200 api
	// 200 some other example.com site
	// 404 {"error":"not_found","description":"host \"example.org\" not found"}
}

func ExampleWriteError() {
	handler := func(w http.ResponseWriter, r *http.Request) {
		err := tonic.Errorf(http.StatusConflict, "stuff %q already exists", "x")
		tonic.WriteError(w, r, 0, err)
	}
	w := httptest.NewRecorder()
	handler(w, httptest.NewRequest("POST", "/stuff", nil))
	fmt.Print(w.Code, " ", w.Header().Get("Content-Type"), " ", w.Body.String())

	problems := tonic.UseErrorWriter(tonic.ProblemErrors{})(http.HandlerFunc(handler))
	w = httptest.NewRecorder()
	problems.ServeHTTP(w, httptest.NewRequest("POST", "/stuff", nil))
	fmt.Print(w.Code, " ", w.Header().Get("Content-Type"), " ", w.Body.String())
	// Output:
	// 409 application/json {"error":"conflict","description":"stuff \"x\" already exists"}
	// 409 application/problem+json {"type":"about:blank","title":"Conflict","status":409,"detail":"stuff \"x\" already exists","error":"conflict"}
}

// A group registers a service's own routes under a prefix: they are routes
// of the mux, with the whole pattern and path, at no cost per request.
func ExampleTrieServeMux_Group() {
	mux := tonic.NewTrieServeMux()
	v1 := mux.Group("/1.0")
	v1.HandleFunc("GET", "/stuff/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "stuff %s via %s\n", r.PathValue("id"), r.Pattern)
	})

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/1.0/stuff/7", nil))
	fmt.Print(w.Body.String())
	// Output:
	// stuff 7 via GET /1.0/stuff/{id}
}

// An AnyMethod route serves every method that has no route of its own,
// like a ServeMux pattern without a method.
func ExampleAnyMethod() {
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc(tonic.AnyMethod, "/proxy/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s via %s\n", r.Method, r.PathValue("rest"), r.Pattern)
	})
	mux.HandleFunc("GET", "/proxy/status", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "status via", r.Pattern)
	})

	for _, method := range []string{"PURGE", "OPTIONS", "GET"} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(method, "/proxy/status", nil))
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// 200 PURGE status via * /proxy/{rest...}
	// 200 OPTIONS status via * /proxy/{rest...}
	// 200 status via GET /proxy/status
}
