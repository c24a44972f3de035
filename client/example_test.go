package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// GetThing is the request of GET /things/{id}, on both sides.
type GetThing struct {
	ID      string `path:"id"`
	Verbose bool   `query:"verbose"`
}

// Thing is the response.
type Thing struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func getThing(_ context.Context, in *GetThing) (*Thing, error) {
	if in.ID != "7" {
		return nil, tonic.Errorf(http.StatusNotFound, "no thing %q", in.ID)
	}
	return &Thing{ID: in.ID, Name: fmt.Sprintf("seven (verbose: %v)", in.Verbose)}, nil
}

func Example() {
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/things/{id}", marshal.Typed(getThing))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, err := client.New(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseIdleConnections()
	ctx := context.Background()

	thing, err := client.Call[Thing](ctx, c, "GET /things/{id}", &GetThing{ID: "7", Verbose: true})
	fmt.Printf("%+v %v\n", thing, err)

	_, err = client.Call[Thing](ctx, c, "GET /things/{id}", &GetThing{ID: "8"})
	var e *tonic.Error
	if errors.As(err, &e) {
		fmt.Println(e.Status, e.Code, e.Message)
	}

	_, err = client.Call[Thing](ctx, c, "GET /things/{thing}", &GetThing{ID: "7"})
	fmt.Println(err)
	// Output:
	// &{ID:7 Name:seven (verbose: true)} <nil>
	// 404 not_found no thing "8"
	// client: GET /things/{thing} with *client_test.GetThing: wildcard {thing} is bound by no field; want a field tagged path:"thing"
}

func ExampleClient_NewRequest() {
	c, err := client.New("https://api.test/v1", client.Options{
		Header: http.Header{"Authorization": {client.BasicAuth("alice", "s3cret")}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	type rename struct {
		ID     string `path:"id"`
		DryRun bool   `query:"dry_run"`
		Name   string `json:"name"`
	}
	r, err := c.NewRequest(context.Background(), "PUT /things/{id}/name", &rename{ID: "a/b", DryRun: true, Name: "new"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Method, r.URL)
	fmt.Println(r.Header.Get("Content-Type"), r.Header.Get("Authorization"))
	// Output:
	// PUT https://api.test/v1/things/a%2Fb/name?dry_run=true
	// application/json Basic YWxpY2U6czNjcmV0
}
