package marshal_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// CreateThing is the request of the create endpoint: the org comes from the
// path, dry_run from the query, the rest from the JSON body.
type CreateThing struct {
	Org    string `path:"org"`
	DryRun bool   `query:"dry_run"`
	Name   string `json:"name"`
	Count  int    `json:"count"`
}

// Validate runs after decoding and binding; its error is a 422.
func (c *CreateThing) Validate() error {
	if c.Name == "" {
		return errors.New("name must not be empty")
	}
	return nil
}

// Thing is the response.
type Thing struct {
	Org   string `json:"org"`
	Name  string `json:"name"`
	Count int    `json:"count"`
	Saved bool   `json:"saved"`
}

// createThing is an ordinary function: it knows nothing of HTTP.
func createThing(_ context.Context, in *CreateThing) (*Thing, error) {
	if in.Name == "forbidden" {
		return nil, tonic.NewError(http.StatusForbidden, "that name is reserved")
	}
	return &Thing{Org: in.Org, Name: in.Name, Count: in.Count, Saved: !in.DryRun}, nil
}

// The function is unit-tested by calling it, with no HTTP at all.
func Example_callingTheFunction() {
	got, err := createThing(context.Background(), &CreateThing{Org: "acme", Name: "widget", Count: 3})
	fmt.Println(got.Name, got.Count, got.Saved, err)
	// Output: widget 3 true <nil>
}

// The same function is tested as an endpoint through httptest.NewRecorder:
// routing, binding, decoding and encoding included.
func ExampleTyped() {
	mux := tonic.NewTrieServeMux()
	mux.Handle("POST", "/orgs/{org}/things", marshal.Typed(createThing))

	r := httptest.NewRequest("POST", "/orgs/acme/things?dry_run=true", strings.NewReader(`{"name":"widget","count":3}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Print(w.Body.String())
	// Output:
	// 200 application/json
	// {"org":"acme","name":"widget","count":3,"saved":false}
}

// Bad requests never reach the function; the errors name fields in JSON
// terms.
func ExampleHandler_ServeHTTP_errors() {
	mux := http.NewServeMux()
	mux.Handle("POST /orgs/{org}/things", marshal.Typed(createThing))
	for _, body := range []string{`{"name":"w","count":"3"}`, `{"name":"w","Count":3}`, `{"name":""}`, `{"name":"forbidden"}`} {
		r := httptest.NewRequest("POST", "/orgs/acme/things", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// 400 {"error":"bad_request","description":"body.count: got string, want an integer"}
	// 400 {"error":"bad_request","description":"body.Count: unknown field (did you mean \"count\"?)"}
	// 422 {"error":"unprocessable_entity","description":"name must not be empty"}
	// 403 {"error":"forbidden","description":"that name is reserved"}
}

// Tiger Tonic's shape, with a status and response headers.
func ExampleMarshaled() {
	h := marshal.Marshaled(func(_ *url.URL, _ http.Header, in *CreateThing) (int, http.Header, *Thing, error) {
		return http.StatusCreated, http.Header{"Location": {"/things/" + in.Name}}, &Thing{Org: in.Org, Name: in.Name}, nil
	})
	r := httptest.NewRequest("POST", "/things", strings.NewReader(`{"name":"widget"}`))
	r.Header.Set("Content-Type", "application/json")
	r.SetPathValue("org", "acme")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Location"))
	fmt.Print(w.Body.String())
	// Output:
	// 201 /things/widget
	// {"org":"acme","name":"widget","count":0,"saved":false}
}

// indentCodec is a Codec that indents responses.
type indentCodec struct{ marshal.StdCodec }

func (indentCodec) Marshal(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }

// A Codec plugs in another JSON library; here, indented output.
func ExampleOptions_codec() {
	h := marshal.Typed(func(context.Context, *struct{}) (map[string]int, error) {
		return map[string]int{"a": 1}, nil
	}, marshal.Options{Codec: indentCodec{}})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	fmt.Print(w.Body.String())
	// Output:
	// {
	//   "a": 1
	// }
}

// A function that returns *Response chooses its status and headers: here,
// 201 Created with the new thing's Location.
func ExampleResponse() {
	type Thing struct {
		Name string `json:"name"`
	}
	create := func(_ context.Context, in *Thing) (*marshal.Response[*Thing], error) {
		return &marshal.Response[*Thing]{Status: http.StatusCreated,
			Header: http.Header{"Location": {"/things/" + in.Name}}, Body: in}, nil
	}
	h := marshal.Typed(create)

	r := httptest.NewRequest("POST", "/things", strings.NewReader(`{"name":"kettle"}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Print(w.Code, " ", w.Header().Get("Location"), " ", w.Body.String())
	// Output:
	// 201 /things/kettle {"name":"kettle"}
}
