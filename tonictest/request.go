package tonictest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Options configures the request of Do, Serve and NewRequest. The zero
// value means the defaults.
type Options struct {
	// Header is sent with the request, as client.Options.Header is: over
	// the default Accept, and under the headers the request's fields bind.
	// The place for credentials: {"Authorization": {client.BasicAuth(user,
	// password)}}. Defaults to none.
	Header http.Header
	// Context is the request's context, e.g. with a request ID
	// (tonic.ContextWithRequestID), which goes out in X-Request-ID as
	// package client sends it. Defaults to context.Background().
	Context context.Context
}

// Header returns the headers of a JSON client, Accept and Content-Type
// application/json, with h added over them. It is what Tiger Tonic's
// mocking.Header returned.
func Header(h http.Header) http.Header {
	out := http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}}
	for k, v := range h {
		out[k] = v
	}
	return out
}

// NewRequest returns the request a handler registered for pattern gets
// when package client calls pattern with req: the method, the path with
// its wildcards filled, the query, the headers and the JSON body, and, as a
// mux matching pattern leaves them, r.Pattern and the path values. It is
// for testing a handler or a middleware alone; to serve a request through a
// mux, use Serve or Do. It fails the test if req does not fit pattern (see
// client.Call).
func NewRequest(t testing.TB, pattern string, req any, opts ...Options) *http.Request {
	t.Helper()
	r, _ := request(t, pattern, req, opts)
	method, path, _ := strings.Cut(pattern, " ")
	probe := tonic.NewTrieServeMux()
	var seen *http.Request
	probe.HandleFunc(method, strings.TrimLeft(path, " "), func(_ http.ResponseWriter, r *http.Request) { seen = r })
	probe.ServeHTTP(httptest.NewRecorder(), r)
	if seen == nil {
		t.Fatalf("tonictest: NewRequest(%q): the request for %s does not match the pattern", pattern, r.URL)
	}
	return seen
}

// request returns the server-side request that a client call of pattern
// with req sends, and its body.
func request(t testing.TB, pattern string, req any, opts []Options) (*http.Request, []byte) {
	t.Helper()
	if len(opts) > 1 {
		t.Fatalf("tonictest: %d Options, want at most one", len(opts))
	}
	var o Options
	if len(opts) == 1 {
		o = opts[0]
	}
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	c, err := client.New("http://example.com", client.Options{HTTPClient: &http.Client{}, Header: o.Header})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.NewRequest(ctx, pattern, req)
	if err != nil {
		t.Fatalf("tonictest: %v", err)
	}
	var body []byte
	var rd io.Reader
	if out.Body != nil {
		if body, err = io.ReadAll(out.Body); err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(body)
	}
	in := httptest.NewRequest(out.Method, out.URL.RequestURI(), rd).WithContext(ctx)
	for k, v := range out.Header {
		in.Header[k] = v
	}
	return in, body
}
