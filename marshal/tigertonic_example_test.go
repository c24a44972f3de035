package marshal_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// GetStuff is the request of getStuff: the id comes from the path.
type GetStuff struct {
	ID string `path:"id"` // was u.Query().Get("id")
}

// Stuff is the response of getStuff.
type Stuff struct {
	ID   string `json:"id"`
	Self string `json:"self"`
}

// getStuff keeps Tiger Tonic's shape. The path value arrives in the request
// value (Tiger Tonic put it in u.Query()), and u is absolute.
func getStuff(u *url.URL, h http.Header, in *GetStuff) (int, http.Header, *Stuff, error) {
	if in.ID == "0" {
		return 0, nil, nil, tonic.Errorf(http.StatusNotFound, "no stuff %q", in.ID)
	}
	return http.StatusOK, nil, &Stuff{ID: in.ID, Self: u.String()}, nil // http://example.com/1.0/stuff/7
}

// A Tiger Tonic function, ported: the request value takes the path value.
func ExampleMarshaled_fromTigerTonic() {
	api := tonic.NewTrieServeMux()
	api.Handle("GET", "/stuff/{id}", marshal.Marshaled(getStuff))
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/1.0", api)

	for _, target := range []string{"/1.0/stuff/7", "/1.0/stuff/0"} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// 200 {"id":"7","self":"http://example.com/1.0/stuff/7"}
	// 404 {"error":"not_found","description":"no stuff \"0\""}
}

// Export is the request of exportCSV: it has no parameters.
type Export struct{}

// exportCSV streams its result: any io.Reader, here a *bytes.Buffer, is
// sent as it is, with the Content-Type the function sets.
func exportCSV(_ context.Context, _ *Export) (*marshal.Response[*bytes.Buffer], error) {
	body := bytes.NewBufferString("id,name\n7,widget\n")
	return &marshal.Response[*bytes.Buffer]{Header: http.Header{"Content-Type": {"text/csv"}}, Body: body}, nil
}

// A streamed result (Tiger Tonic's #93), and the 406 for a client that does
// not take its Content-Type.
func ExampleTyped_stream() {
	h := marshal.Typed(exportCSV)
	for _, accept := range []string{"text/csv", "application/json"} {
		r := httptest.NewRequest("GET", "/export", nil)
		r.Header.Set("Accept", accept)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Header().Get("Content-Type"), "\n", w.Body.String())
	}
	// Output:
	// 200 text/csv
	// id,name
	// 7,widget
	// 406 application/json
	// {"error":"not_acceptable","description":"Accept is \"application/json\", which rules out text/csv"}
}
