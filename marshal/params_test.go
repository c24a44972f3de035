package marshal_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/julienschmidt/httprouter"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// search binds every kind of parameter.
type search struct {
	Org     string        `path:"org"`
	Limit   int8          `query:"limit"`
	Page    *uint         `query:"page"`
	Ratio   float64       `query:"ratio"`
	Exact   bool          `query:"exact"`
	Since   time.Time     `query:"since"`
	Timeout time.Duration `query:"timeout"`
	Tags    []string      `query:"tag"`
	IDs     []int         `query:"id"`
	Addr    netip.Addr    `query:"addr"`
	Token   string        `header:"x-token" required:"true"`
	Name    string        `json:"name"`
}

// searchResult reports what was bound.
type searchResult struct {
	Org     string   `json:"org"`
	Limit   int8     `json:"limit"`
	Page    *uint    `json:"page"`
	Ratio   float64  `json:"ratio"`
	Exact   bool     `json:"exact"`
	Since   string   `json:"since"`
	Timeout string   `json:"timeout"`
	Tags    []string `json:"tags"`
	IDs     []int    `json:"ids"`
	Addr    string   `json:"addr"`
	Token   string   `json:"token"`
	Name    string   `json:"name"`
}

func doSearch(_ context.Context, in *search) (*searchResult, error) {
	return &searchResult{Org: in.Org, Limit: in.Limit, Page: in.Page, Ratio: in.Ratio, Exact: in.Exact,
		Since: in.Since.Format(time.RFC3339), Timeout: in.Timeout.String(), Tags: in.Tags, IDs: in.IDs,
		Addr: in.Addr.String(), Token: in.Token, Name: in.Name}, nil
}

func TestParameters(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.Handle("POST /orgs/{org}/search", marshal.Typed(doSearch))
	mux.Handle("POST /orgs/search", marshal.Typed(doSearch)) // no {org}: the path parameter is missing
	tests := []struct {
		name   string
		target string
		body   string
		hdr    []string
		status int
		want   string
	}{
		{name: "binds all", target: "/orgs/acme/search?limit=-5&page=2&ratio=0.5&exact=true&since=2024-01-02T03:04:05Z&timeout=1m30s&tag=a&tag=b&id=1&id=2&addr=::1",
			body: `{"name":"n"}`, hdr: []string{"Content-Type", "application/json", "X-Token", "t"}, status: 200,
			want: `{"org":"acme","limit":-5,"page":2,"ratio":0.5,"exact":true,"since":"2024-01-02T03:04:05Z","timeout":"1m30s","tags":["a","b"],"ids":[1,2],"addr":"::1","token":"t","name":"n"}`},
		{name: "optional absent", target: "/orgs/acme/search", hdr: []string{"X-Token", "t"}, status: 200, want: `"page":null`},
		{name: "escaped path value", target: "/orgs/a%20b/search", hdr: []string{"X-Token", "t"}, status: 200, want: `"org":"a b"`},
		{name: "missing required header", target: "/orgs/acme/search", status: 400, want: "header.X-Token: required"},
		{name: "missing path parameter", target: "/orgs/search", hdr: []string{"X-Token", "t"}, status: 400, want: "path.org: required"},
		{name: "not an integer", target: "/orgs/acme/search?limit=ten", hdr: []string{"X-Token", "t"}, status: 400, want: `query.limit: got \"ten\", want an integer from -128 to 127`},
		{name: "out of range", target: "/orgs/acme/search?limit=200", hdr: []string{"X-Token", "t"}, status: 400, want: "query.limit"},
		{name: "negative unsigned", target: "/orgs/acme/search?page=-1", hdr: []string{"X-Token", "t"}, status: 400, want: `query.page: got \"-1\", want a non-negative integer`},
		{name: "bad float", target: "/orgs/acme/search?ratio=NaN", hdr: []string{"X-Token", "t"}, status: 400, want: "query.ratio"},
		{name: "bad bool", target: "/orgs/acme/search?exact=yes", hdr: []string{"X-Token", "t"}, status: 400, want: "want true or false"},
		{name: "bad time", target: "/orgs/acme/search?since=yesterday", hdr: []string{"X-Token", "t"}, status: 400, want: "want an RFC 3339 date-time"},
		{name: "bad duration", target: "/orgs/acme/search?timeout=soon", hdr: []string{"X-Token", "t"}, status: 400, want: "query.timeout"},
		{name: "bad slice element", target: "/orgs/acme/search?id=1&id=x", hdr: []string{"X-Token", "t"}, status: 400, want: "query.id[1]"},
		{name: "bad TextUnmarshaler", target: "/orgs/acme/search?addr=nowhere", hdr: []string{"X-Token", "t"}, status: 400, want: "query.addr"},
		{name: "repeated single value", target: "/orgs/acme/search?limit=1&limit=2", hdr: []string{"X-Token", "t"}, status: 400, want: "query.limit: given 2 times"},
		{name: "repeated header", target: "/orgs/acme/search", hdr: []string{"X-Token", "a", "X-Token", "b"}, status: 400, want: "header.X-Token: given 2 times"},
		{name: "malformed query", target: "/orgs/acme/search?limit=%zz", hdr: []string{"X-Token", "t"}, status: 400, want: "query: malformed"},
		{name: "parameter field in the body", target: "/orgs/acme/search", body: `{"Org":"evil"}`, hdr: []string{"Content-Type", "application/json", "X-Token", "t"}, status: 400, want: "body.Org: unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantResponse(t, serve(mux, request("POST", tt.target, tt.body, tt.hdr...)), tt.status, tt.want)
		})
	}
}

// byID is a request bound from a path wildcard only.
type byID struct {
	ID int `path:"id"`
}

func getByID(_ context.Context, in *byID) (*item, error) {
	return &item{Name: "item", Size: uint8(in.ID)}, nil
}

func TestPathValuesOnRouters(t *testing.T) {
	t.Parallel()
	h := marshal.Typed(getByID)
	mux := http.NewServeMux()
	mux.Handle("GET /items/{id}", h)
	router := httprouter.New()
	router.Handler(http.MethodGet, "/items/:id", h)
	adapted := httprouter.New()
	adapted.GET("/items/:id", tonic.HTTPRouterHandle(h))
	trie := tonic.NewTrieServeMux()
	trie.Handle(http.MethodGet, "/items/{id}", h)
	routers := map[string]http.Handler{"ServeMux": mux, "httprouter": router, "httprouter via HTTPRouterHandle": adapted, "TrieServeMux": trie}
	for name, r := range routers {
		t.Run(name, func(t *testing.T) {
			wantResponse(t, serve(r, request("GET", "/items/7", "")), 200, `"size":7`)
			wantResponse(t, serve(r, request("GET", "/items/x", "")), 400, `path.id: got \"x\"`)
		})
	}
}

// checked validates itself.
type checked struct {
	Name string `json:"name"`
}

func (c *checked) Validate() error {
	switch c.Name {
	case "":
		return errors.New("name is required")
	case "taken":
		return tonic.NewError(http.StatusConflict, "name is taken")
	}
	return nil
}

func TestValidate(t *testing.T) {
	t.Parallel()
	called := false
	h := marshal.Typed(func(_ context.Context, in *checked) (*checked, error) { called = true; return in, nil })
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{name: "valid", body: `{"name":"x"}`, status: 200, want: `"name":"x"`},
		{name: "invalid", body: `{"name":""}`, status: 422, want: `"description":"name is required"`},
		{name: "carries its status", body: `{"name":"taken"}`, status: 409, want: `"description":"name is taken"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called = false
			wantResponse(t, serve(h, request("POST", "/", tt.body, "Content-Type", "application/json")), tt.status, tt.want)
			if called != (tt.status == 200) {
				t.Errorf("got called %v, want %v", called, tt.status == 200)
			}
		})
	}
}

func TestParameterDescriptions(t *testing.T) {
	t.Parallel()
	h := marshal.Typed(doSearch)
	ps := h.Parameters()
	if len(ps) != 11 {
		t.Fatalf("got %d parameters, want 11", len(ps))
	}
	first, last := ps[0], ps[len(ps)-1]
	if first.Name != "org" || first.In != "path" || !first.Required || first.Field != "Org" {
		t.Errorf("got %+v, want the required path parameter org", first)
	}
	if last.Name != "X-Token" || last.In != "header" || !last.Required {
		t.Errorf("got %+v, want the required header X-Token", last)
	}
	if got := h.RequestType().String(); got != "*marshal_test.search" {
		t.Errorf("got request type %s, want *marshal_test.search", got)
	}
	if got := h.ResponseType().String(); got != "*marshal_test.searchResult" {
		t.Errorf("got response type %s, want *marshal_test.searchResult", got)
	}
}
