package tonic_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Version answers the build's version, as JSON or, to a client that takes
// no JSON, as text.
func ExampleVersion() {
	version := "v1.2.3" // in main: stamped with -ldflags "-X main.version=..."
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/version", tonic.Version(version))

	for _, accept := range []string{"application/json", "text/plain"} {
		r := httptest.NewRequest("GET", "/version", nil)
		r.Header.Set("Accept", accept)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// 200 {"version":"v1.2.3"}
	// 200 v1.2.3
}

// AbsoluteURL gives a handler the URL the client asked for, with the scheme
// and host that net/http leaves out of r.URL.
func ExampleAbsoluteURL() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "r.URL %s, absolute %s\n", r.URL, tonic.AbsoluteURL(r))
	})
	r := httptest.NewRequest("GET", "/1.0/stuff/7?x=1", nil)
	r.Host = "api.example.com"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Print(w.Body.String())
	// Output:
	// r.URL /1.0/stuff/7?x=1, absolute http://api.example.com/1.0/stuff/7?x=1
}

// Tiger Tonic's NewHTTPEquivError(err, code), and its status types such as
// tigertonic.Conflict{err}, become one call: the status and err's message
// go to the client, err stays reachable with errors.Is and errors.As.
func ExampleWrapError_fromTigerTonic() {
	errTaken := errors.New("that name is taken")
	// Tiger Tonic sent the error's text; tonic keeps a cause private unless
	// you make its text the public message.
	err := tonic.WrapError(http.StatusConflict, errTaken, errTaken.Error())

	w := httptest.NewRecorder()
	tonic.WriteError(w, httptest.NewRequest("POST", "/stuff", nil), 0, err)
	fmt.Print(w.Code, " ", w.Body.String())
	fmt.Println(errors.Is(err, errTaken))
	// Output:
	// 409 {"error":"conflict","description":"that name is taken"}
	// true
}
