package client_test

import (
	"context"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
)

// quoted has a ",string" body field beside a path parameter, so that the
// body is written field by field.
type quoted struct {
	ID    string  `path:"id"`
	N     int     `json:"n,string"`
	S     string  `json:"s,string"`
	P     *int    `json:"p,string"`
	Empty string  `json:"empty,omitempty"`
	F     float64 `json:"f"`
}

// TestNewRequest checks, byte for byte, what a call sends.
func TestNewRequest(t *testing.T) {
	t.Parallel()
	c, err := client.New("http://api.test/base/", client.Options{Header: http.Header{"Authorization": {client.BasicAuth("u", "p")}, "X-Token": {"from options"}}})
	if err != nil {
		t.Fatal(err)
	}
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))
	two := 2
	tests := []struct {
		name    string
		pattern string
		req     any
		url     string
		header  map[string]string // "" for absent
		body    string
	}{
		{"zero values left out, required ones kept", everythingPattern, &everything{Org: "acme", Rest: "r"},
			"http://api.test/base/orgs/acme/files/r?small=0",
			map[string]string{"Accept": "application/json", "Content-Type": "application/json", "X-Token": "from options", "Accept-Language": ""},
			`{"name":"","count":"0"}`},
		{"every kind of value", everythingPattern, &everything{Org: "a b/c", Rest: "d/e f/", Limit: &two, Since: since, Timeout: 90 * time.Second,
			Tags: []string{"x", "y&z"}, Exact: true, Ratio: 2.5, Token: "bound", Langs: []string{"fr", "en"}, Name: "n", Note: "note", Extra: Extra{Color: "red"}, Opt: &Opt{Size: 1}},
			"http://api.test/base/orgs/a%20b%2Fc/files/d/e%20f/?limit=2&ratio=2.5&exact=true&since=2026-01-02T03%3A04%3A05%2B01%3A00&timeout=1m30s&tag=x&tag=y%26z&small=0",
			map[string]string{"X-Token": "bound", "Accept-Language": "fr"},
			`{"name":"n","count":"0","note":"note","color":"red","size":1}`},
		{"no request", "GET /items", nil, "http://api.test/base/items", map[string]string{"Content-Type": ""}, ""},
		{"no body fields", "DELETE /items/{id}", &idRequest{ID: "7"}, "http://api.test/base/items/7", map[string]string{"Content-Type": ""}, ""},
		{"the string option", "PUT /q/{id}", &quoted{ID: "1", N: 3, S: `a"b`, F: 1.5}, "http://api.test/base/q/1", nil,
			`{"n":"3","s":"\"a\\\"b\"","p":null,"f":1.5}`},
		{"the string option on a pointer", "PUT /q/{id}", &quoted{ID: "1", P: &two}, "http://api.test/base/q/1", nil,
			`{"n":"0","s":"\"\"","p":"2","f":0}`},
		{"a map", "POST /m", map[string]int{"a": 1}, "http://api.test/base/m", nil, `{"a":1}`},
		{"a bound Content-Type and Accept replace the defaults", "POST /t", &struct {
			CT     string `header:"Content-Type"`
			Accept string `header:"Accept"`
			Name   string `json:"name"`
		}{CT: "text/plain", Accept: "text/html", Name: "x"}, "http://api.test/base/t", map[string]string{"Content-Type": "text/plain", "Accept": "text/html"}, `{"name":"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := c.NewRequest(context.Background(), tt.pattern, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if r.URL.String() != tt.url {
				t.Errorf("URL: got  %s\nwant %s", r.URL, tt.url)
			}
			for k, v := range tt.header {
				if got := r.Header.Get(k); got != v {
					t.Errorf("%s: got %q, want %q", k, got, v)
				}
			}
			if r.Header.Get("Authorization") != "Basic dTpw" {
				t.Errorf("Authorization: got %q, want the one of Options.Header", r.Header.Get("Authorization"))
			}
			var body []byte
			if r.Body != nil {
				body, _ = io.ReadAll(r.Body)
			}
			if string(body) != tt.body {
				t.Errorf("body: got  %s\nwant %s", body, tt.body)
			}
		})
	}
}

func TestNewRequestRequestID(t *testing.T) {
	t.Parallel()
	c, err := client.New("http://api.test")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, id, want string }{
		{"the context's ID goes out", "abc-123", "abc-123"},
		{"a malformed one does not", "a b", ""},
		{"none", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			if tt.id != "" {
				ctx = tonic.ContextWithRequestID(ctx, tt.id)
			}
			r, err := c.NewRequest(ctx, "GET /x", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Header.Get(tonic.RequestIDHeader); got != tt.want {
				t.Errorf("X-Request-ID: got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestValuesThatCannotBeSent fails the call before anything is sent.
func TestValuesThatCannotBeSent(t *testing.T) {
	t.Parallel()
	c, err := client.New("http://api.test")
	if err != nil {
		t.Fatal(err)
	}
	type ptrPath struct {
		ID *int `path:"id"`
	}
	type floats struct {
		F  float64    `query:"f"`
		PS []*float64 `query:"ps"`
	}
	one := 1.0
	tests := []struct {
		name    string
		pattern string
		req     any
		want    string
	}{
		{"empty path value", "GET /items/{id}", &idRequest{}, "client: GET /items/{id}: path.id (field ID) is empty, which no path segment can be"},
		{"dot segment", "GET /items/{id}", &idRequest{ID: ".."}, `path.id (field ID) is "..", a dot segment`},
		{"empty catch-all", everythingPattern, &everything{Org: "o"}, "path.rest (field Rest) is empty"},
		{"empty segment inside a catch-all", everythingPattern, &everything{Org: "o", Rest: "a//b"}, `path.rest (field Rest) segment 2 of "a//b" is empty`},
		{"dot segment inside a catch-all", everythingPattern, &everything{Org: "o", Rest: "a/./b"}, `segment 2 of "a/./b" is "."`},
		{"nil path pointer", "GET /p/{id}", &ptrPath{}, "path.id (field ID) is nil, and a path parameter is required"},
		{"NaN", "GET /f", &floats{F: math.NaN()}, "query.f (field F) is NaN, want a finite number"},
		{"nil element", "GET /f", &floats{PS: []*float64{&one, nil}}, "query.ps (field PS) element 1 is nil"},
		{"nil request pointer", "GET /items/{id}", (*idRequest)(nil), "client: GET /items/{id}: the request is a nil *client_test.idRequest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.NewRequest(context.Background(), tt.pattern, tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
