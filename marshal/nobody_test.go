package marshal_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
)

func TestBodyRefusedWithoutRequestValue(t *testing.T) {
	t.Parallel()
	noReq := func(context.Context) (*thing, error) { return &thing{Name: "ok"}, nil }
	urlShape := func(*url.URL, http.Header) (int, http.Header, *thing, error) { return 0, nil, &thing{Name: "ok"}, nil }
	tests := []struct {
		name   string
		fn     any
		method string
		body   io.Reader
		length int64 // -1: chunked
		status int
		want   string
		reads  bool // the body is read
	}{
		{name: "GET without a body", fn: noReq, method: "GET", status: 200, want: `"name":"ok"`},
		{name: "HEAD without a body", fn: noReq, method: "HEAD", status: 200},
		{name: "DELETE with Content-Length 0", fn: noReq, method: "DELETE", body: strings.NewReader(""), length: 0, status: 200, want: `"name":"ok"`},
		{name: "POST without a body", fn: noReq, method: "POST", status: 200, want: `"name":"ok"`},
		{name: "POST with an empty chunked body", fn: noReq, method: "POST", body: strings.NewReader(""), length: -1, status: 200, want: `"name":"ok"`, reads: true},
		{name: "POST with a body", fn: noReq, method: "POST", body: strings.NewReader(`{"name":"x"}`), length: 12, status: 413, want: "this endpoint takes no request body"},
		{name: "GET with a body", fn: noReq, method: "GET", body: strings.NewReader(`{}`), length: 2, status: 413, want: "this endpoint takes no request body"},
		{name: "chunked body", fn: noReq, method: "PUT", body: strings.NewReader(`{}`), length: -1, status: 413, want: "this endpoint takes no request body", reads: true},
		{name: "URL shape with a body", fn: urlShape, method: "POST", body: strings.NewReader(`{}`), length: 2, status: 413, want: "this endpoint takes no request body"},
		{name: "failing chunked body", fn: noReq, method: "POST", body: failingReader{}, length: -1, status: 400, want: "body could not be read", reads: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := marshal.Marshaled(tt.fn)
			r := request(tt.method, "/", "")
			var body *countingReader
			if tt.body != nil {
				body = &countingReader{r: tt.body}
				r.Body, r.ContentLength = io.NopCloser(body), tt.length
			}
			wantResponse(t, serve(h, r), tt.status, tt.want) // a refused request would have answered 200 had fn run
			if body != nil && (body.reads > 0) != tt.reads {
				t.Errorf("got %d reads of the body, want reads: %v", body.reads, tt.reads)
			}
		})
	}
}

// A function that takes the whole *http.Request reads the body itself:
// nothing is refused for it.
func TestBodyLeftToRequestShape(t *testing.T) {
	t.Parallel()
	h := marshal.Marshaled(func(r *http.Request) (int, http.Header, *thing, error) {
		b, err := io.ReadAll(r.Body)
		return 0, nil, &thing{Name: string(b)}, err
	})
	r := request("POST", "/", "raw bytes", "Content-Type", "text/plain")
	wantResponse(t, serve(h, r), 200, `"name":"raw bytes"`)
}
