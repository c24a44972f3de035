package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// TestCallRoundTrip sends values through the client to marshal handlers
// that return what they bound: whatever was sent must come back.
func TestCallRoundTrip(t *testing.T) {
	t.Parallel()
	c := newServer(t, echoMux())
	limit := 0
	since := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	tests := []struct {
		name string
		req  everything
	}{
		{"required values only", everything{Org: "acme", Rest: "a"}},
		{"every value set", everything{Org: "acme", Rest: "docs/2026/report.pdf", Limit: &limit, Offset: 5, Ratio: 0.1, Exact: true,
			Since: since, Timeout: 1500 * time.Millisecond, Tags: []string{"a", "b"}, Addr: netip.MustParseAddr("::1"), Small: 255,
			Token: "t0k3n", Langs: []string{"fr", "en"}, Name: "widget", Count: 3, Note: "n", Extra: Extra{Color: "red"}, Opt: &Opt{Size: 9}}},
		{"values that need escaping", everything{Org: "a b/c?d%e#f", Rest: "x y/ü/%2F/a+b/", Tags: []string{"a&b", "c=d", "", "e f"},
			Token: "with spaces", Name: `quote " and \ back`, Extra: Extra{Color: "<&>"}}},
		{"negative and fractional numbers", everything{Org: "o", Rest: "r", Offset: -3, Ratio: -1e-300, Timeout: -time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := client.Call[everything](context.Background(), c, everythingPattern, &tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.req) {
				t.Errorf("got  %+v\nwant %+v", *got, tt.req)
			}
		})
	}
}

// TestCallShapes covers the request shapes other than a pointer to a
// struct with parameters.
func TestCallShapes(t *testing.T) {
	t.Parallel()
	c := newServer(t, echoMux())
	ctx := context.Background()
	if got, err := client.Call[itemInput](ctx, c, "POST /items", itemInput{Name: "by value", Count: 2}); err != nil || got.Name != "by value" || got.Count != 2 {
		t.Errorf("a struct value: got %+v, %v", got, err)
	}
	bulk := []itemInput{{Name: "a"}, {Name: "b", Count: 1}}
	if got, err := client.Call[[]itemInput](ctx, c, "POST /bulk", bulk); err != nil || !reflect.DeepEqual(*got, bulk) {
		t.Errorf("a slice: got %+v, %v", got, err)
	}
	put := &putRequest{ID: "7", itemInput: itemInput{Name: "embedded", Count: 4}}
	if got, err := client.Call[putRequest](ctx, c, "PUT /items/{id}", put); err != nil || !reflect.DeepEqual(got, put) {
		t.Errorf("a path parameter and a promoted body: got %+v, %v, want %+v", got, err, put)
	}
	if got, err := client.Call[idRequest](ctx, c, "get /items/:id", &idRequest{ID: "x"}); err != nil || got.ID != "x" {
		t.Errorf("httprouter wildcards and a lower-case method: got %+v, %v", got, err)
	}
}

func TestDo(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.Handle("POST", "/items", marshal.Typed(func(_ context.Context, in *itemInput) (*marshal.Response[*itemInput], error) {
		return &marshal.Response[*itemInput]{Status: http.StatusCreated, Header: http.Header{"Location": {"/items/1"}}, Body: in}, nil
	}))
	c := newServer(t, mux)
	got, err := client.Do[itemInput](context.Background(), c, "POST /items", &itemInput{Name: "n"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != 201 || got.Header.Get("Location") != "/items/1" || got.Body.Name != "n" {
		t.Errorf("got %d %v %+v, want 201, Location /items/1 and the item", got.Status, got.Header, got.Body)
	}
}

// TestCallResponses covers the successful answers that Call decodes or
// refuses.
func TestCallResponses(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	reply := func(status int, ctype, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			}
			w.WriteHeader(status)
			io.WriteString(w, body)
		}
	}
	mux.Handle("GET /ok", reply(200, "application/json", `{"name":"x","count":1}`))
	mux.Handle("GET /problem-json", reply(200, "application/merge-patch+json", `{"name":"y"}`))
	mux.Handle("GET /none", reply(204, "", ""))
	mux.Handle("GET /html", reply(200, "text/html", "<p>hi</p>"))
	mux.Handle("GET /bad", reply(200, "application/json", `{"name":1}`))
	mux.Handle("GET /big", reply(200, "application/json", `{"name":"`+strings.Repeat("x", 100)+`"}`))
	c := newServer(t, mux, client.Options{MaxResponseBytes: 64})
	tests := []struct {
		path string
		want itemInput
		err  string
	}{
		{"/ok", itemInput{Name: "x", Count: 1}, ""},
		{"/problem-json", itemInput{Name: "y"}, ""},
		{"/none", itemInput{}, ""},
		{"/html", itemInput{}, `the 200 response is "text/html", want application/json`},
		{"/bad", itemInput{}, "decoding the 200 response: json: cannot unmarshal number"},
		{"/big", itemInput{}, "the 200 response's body is over 64 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			got, err := client.Call[itemInput](context.Background(), c, "GET "+tt.path, nil)
			switch {
			case tt.err == "" && (err != nil || *got != tt.want):
				t.Errorf("got %+v, %v, want %+v", got, err, tt.want)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || got != nil):
				t.Errorf("got %+v, %v, want an error containing %q", got, err, tt.err)
			}
		})
	}
}

func TestCallTimeout(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newServer(t, mux, client.Options{Timeout: 50 * time.Millisecond})
	_, err := client.Call[itemInput](context.Background(), c, "GET /slow", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want context.DeadlineExceeded", err)
	}
}
