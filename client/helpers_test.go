package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Extra is embedded in everything: its fields are promoted into the body.
type Extra struct {
	Color string `json:"color,omitempty"`
}

// Opt is embedded through a pointer: its fields are in the body only while
// the pointer is set.
type Opt struct {
	Size int `json:"size"`
}

// everything binds every kind of parameter and of body field.
type everything struct {
	Org     string        `path:"org"`
	Rest    string        `path:"rest"`
	Limit   *int          `query:"limit"`
	Offset  int           `query:"offset"`
	Ratio   float64       `query:"ratio"`
	Exact   bool          `query:"exact"`
	Since   time.Time     `query:"since"`
	Timeout time.Duration `query:"timeout"`
	Tags    []string      `query:"tag"`
	Addr    netip.Addr    `query:"addr"`
	Small   uint8         `query:"small" required:"true"`
	Token   string        `header:"X-Token"`
	Langs   []string      `header:"Accept-Language"`
	Name    string        `json:"name"`
	Count   int           `json:"count,string"`
	Note    string        `json:"note,omitempty"`
	Extra
	*Opt
}

// everythingPattern is the route of everything.
const everythingPattern = "POST /orgs/{org}/files/{rest...}"

// echo returns its request.
func echo[T any](_ context.Context, in *T) (*T, error) { return in, nil }

// newServer serves h on a loopback port for the test and returns a client
// for it, whose connections are closed at the end of the test.
func newServer(t testing.TB, h http.Handler, opts ...client.Options) *client.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// echoMux serves the echo of everything and of a few smaller types.
func echoMux() *tonic.TrieServeMux {
	mux := tonic.NewTrieServeMux()
	mux.Handle("POST", "/orgs/{org}/files/{rest...}", marshal.Typed(echo[everything]))
	mux.Handle("GET", "/items/{id}", marshal.Typed(echo[idRequest]))
	mux.Handle("PUT", "/items/{id}", marshal.Typed(echo[putRequest]))
	mux.Handle("POST", "/items", marshal.Typed(echo[itemInput]))
	mux.Handle("POST", "/bulk", marshal.Typed(func(_ context.Context, in []itemInput) ([]itemInput, error) { return in, nil }))
	return mux
}

// idRequest names an item.
type idRequest struct {
	ID string `path:"id"`
}

// itemInput is a body without parameters.
type itemInput struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// putRequest is a path parameter and a body, as exampled's update.
type putRequest struct {
	ID string `path:"id"`
	itemInput
}
