package tonictest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
	"github.com/seed78c03fa0/tonic/tonictest"
)

// exampleT stands in for the *testing.T that a test has and an example
// does not: it prints what would fail the test.
type exampleT struct {
	testing.TB // nil: only the methods below are called
	cleanups   []func()
	failed     bool
}

func (*exampleT) Helper()                     {}
func (e *exampleT) Failed() bool              { return e.failed }
func (e *exampleT) Cleanup(f func())          { e.cleanups = append(e.cleanups, f) }
func (*exampleT) Logf(string, ...any)         {}
func (e *exampleT) Fatalf(f string, a ...any) { e.Errorf(f, a...); panic("FAIL") }
func (e *exampleT) Errorf(f string, a ...any) {
	e.failed = true
	fmt.Printf("FAIL: "+f+"\n", a...)
}

// end runs the cleanups, as the end of a test does.
func (e *exampleT) end() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
}

// GetThing is the request of GET /things/{id}.
type GetThing struct {
	ID string `path:"id"`
}

// Thing is its response.
type Thing struct {
	ID string `json:"id"`
}

// things is the service under test.
func things() http.Handler {
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/things/{id}", marshal.Typed(func(_ context.Context, in *GetThing) (*Thing, error) {
		if in.ID == "0" {
			return nil, tonic.Errorf(http.StatusNotFound, "path.id: no thing %s", in.ID)
		}
		return &Thing{ID: in.ID}, nil
	}))
	return mux
}

func ExampleDo() {
	t := &exampleT{} // in a test: t *testing.T
	defer t.end()

	thing := tonictest.Do[Thing](t, things(), "GET /things/{id}", &GetThing{ID: "7"})
	fmt.Println(thing.ID)

	rec := tonictest.Serve(t, things(), "GET /things/{id}", &GetThing{ID: "0"})
	e := tonictest.Error(t, rec, http.StatusNotFound, "path.id")
	fmt.Println(e.Code, e.Message)
	// Output:
	// 7
	// not_found path.id: no thing 0
}

func ExampleNewRequest() {
	t := &exampleT{}
	defer t.end()

	// The handler alone, without its mux, sees the path values a mux sets.
	h := marshal.Typed(func(_ context.Context, in *GetThing) (*Thing, error) { return &Thing{ID: in.ID}, nil })
	r := tonictest.NewRequest(t, "GET /things/{id}", &GetThing{ID: "a/b"})
	fmt.Println(r.Pattern, r.PathValue("id"), r.URL.EscapedPath())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Print(w.Body.String())
	// Output:
	// GET /things/{id} a/b /things/a%2Fb
	// {"id":"a/b"}
}

func ExampleMatched() {
	t := &exampleT{}
	defer t.end()

	api := tonic.NewTrieServeMux()
	api.Group("/1.0").Handle("GET", "/things/{id}", http.NotFoundHandler())
	r := tonictest.Matched(t, api, httptest.NewRequest("GET", "/1.0/things/7?verbose=1", nil))
	fmt.Println(r.Pattern, r.PathValue("id"), r.URL.Query().Get("verbose"))
	// Output:
	// GET /1.0/things/{id} 7 1
}

func ExampleNewServer() {
	t := &exampleT{}
	defer t.end()

	s := tonictest.NewServer(t, things(), tonictest.ServerOptions{TLS: true})
	c := s.Client(t)
	thing, err := client.Call[Thing](context.Background(), c, "GET /things/{id}", &GetThing{ID: "7"})
	fmt.Println(thing.ID, err)
	// Output:
	// 7 <nil>
}
