package marshal_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/marshal"
)

func TestBodyRules(t *testing.T) {
	t.Parallel()
	const ct = "Content-Type"
	tests := []struct {
		name   string
		method string
		body   string
		hdr    []string
		status int
		want   string
	}{
		{name: "decodes", method: "POST", body: `{"name":"x","count":3}`, hdr: []string{ct, "application/json"}, status: 200, want: `{"name":"x","count":3}`},
		{name: "charset utf-8", method: "PUT", body: `{"name":"x"}`, hdr: []string{ct, "application/json; charset=UTF-8"}, status: 200, want: `"name":"x"`},
		{name: "+json type", method: "PATCH", body: `{"name":"x"}`, hdr: []string{ct, "application/merge-patch+json"}, status: 200, want: `"name":"x"`},
		{name: "spaced parameters", method: "POST", body: `{"name":"x"}`, hdr: []string{ct, `application/json ; charset="utf-8"`}, status: 200, want: `"name":"x"`},
		{name: "DELETE with a body", method: "DELETE", body: `{"name":"gone"}`, hdr: []string{ct, "application/json"}, status: 200, want: `"name":"gone"`},
		{name: "GET without a body", method: "GET", status: 200, want: `"name":""`},
		{name: "empty POST is the zero value", method: "POST", status: 200, want: `{"name":"","count":0}`},
		{name: "null is the zero value", method: "POST", body: `null`, hdr: []string{ct, "application/json"}, status: 200, want: `"count":0`},
		{name: "text/plain", method: "POST", body: `{}`, hdr: []string{ct, "text/plain"}, status: 415, want: `Content-Type is \"text/plain\"`},
		{name: "missing Content-Type", method: "POST", body: `{}`, status: 415, want: "Content-Type is missing"},
		{name: "latin-1 charset", method: "POST", body: `{}`, hdr: []string{ct, "application/json; charset=latin1"}, status: 415, want: "unsupported_media_type"},
		{name: "malformed Content-Type", method: "POST", body: `{}`, hdr: []string{ct, "application/"}, status: 415, want: "unsupported_media_type"},
		{name: "two Content-Types", method: "POST", body: `{}`, hdr: []string{ct, "application/json", ct, "application/json"}, status: 415, want: "more than once"},
		{name: "prefix is not enough", method: "POST", body: `{}`, hdr: []string{ct, "application/jsonx"}, status: 415, want: "unsupported_media_type"},
		{name: "malformed JSON", method: "POST", body: `{"name":`, hdr: []string{ct, "application/json"}, status: 400, want: "body: malformed JSON"},
		{name: "trailing data", method: "POST", body: `{"name":"x"} {}`, hdr: []string{ct, "application/json"}, status: 400, want: "after top-level value"},
		{name: "whitespace only", method: "POST", body: ` `, hdr: []string{ct, "application/json"}, status: 400, want: "body: "},
		{name: "wrong type", method: "POST", body: `{"count":"3"}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.count: got string, want an integer"},
		{name: "fraction for an int", method: "POST", body: `{"count":3.5}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.count: got number 3.5, want an integer"},
		{name: "nested index", method: "POST", body: `{"items":[{},{},{"name":7}]}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.items[2].name: got number, want a string"},
		{name: "overflow", method: "POST", body: `{"items":[{"size":300}]}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.items[0].size: got number 300, want an integer from 0 to 255"},
		{name: "map value", method: "POST", body: `{"tags":{"a":1,"b":true}}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.tags.b: got boolean, want an integer"},
		{name: "array for an object", method: "POST", body: `[1]`, hdr: []string{ct, "application/json"}, status: 400, want: "body: got array, want an object"},
		{name: "unknown field", method: "POST", body: `{"name":"x","colour":"red"}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.colour: unknown field"},
		{name: "case-variant key", method: "POST", body: `{"Name":"x"}`, hdr: []string{ct, "application/json"}, status: 400, want: `body.Name: unknown field (did you mean \"name\"?)`},
		{name: "nested unknown field", method: "POST", body: `{"items":[{"name":"a","weight":2}]}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.items[0].weight: unknown field"},
		{name: "duplicate key", method: "POST", body: `{"name":"x","name":"y"}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.name: duplicate key"},
		{name: "escaped duplicate key", method: "POST", body: `{"name":"x","n\u0061me":"y"}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.name: duplicate key"},
		{name: "duplicate map key", method: "POST", body: `{"tags":{"a":1,"a":2}}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.tags.a: duplicate key"},
		{name: "duplicate key inside any", method: "POST", body: `{"extra":[{"k":1,"k":2}]}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.extra[0].k: duplicate key"},
		{name: "odd key quoted in path", method: "POST", body: `{"tags":{"a b":1,"a b":1}}`, hdr: []string{ct, "application/json"}, status: 400, want: `body.tags[\"a b\"]: duplicate key`},
		{name: "unknown key beats a type error", method: "POST", body: `{"count":"x","bogus":1}`, hdr: []string{ct, "application/json"}, status: 400, want: "body.bogus: unknown field"},
		{name: "invalid UTF-8 is not rewritten", method: "POST", body: "{\"name\":\"a\xff\"}", hdr: []string{ct, "application/json"}, status: 400, want: "body.name: not valid UTF-8"},
		{name: "truncated UTF-8", method: "POST", body: "{\"count\":1,\"name\":\"\xe2\x82\"}", hdr: []string{ct, "application/json"}, status: 400, want: "body.name: not valid UTF-8"},
		{name: "lone first surrogate", method: "POST", body: `{"name":"\ud800"}`, hdr: []string{ct, "application/json"}, status: 400, want: `body.name: \\ud800 is the first half of a UTF-16 surrogate pair, without the second`},
		{name: "lone second surrogate", method: "POST", body: `{"name":"x\uDC00y"}`, hdr: []string{ct, "application/json"}, status: 400, want: `body.name: \\udc00 is the second half`},
		{name: "first surrogate then another escape", method: "POST", body: `{"name":"\ud800\u0041"}`, hdr: []string{ct, "application/json"}, status: 400, want: `\\ud800 is the first half`},
		{name: "invalid UTF-8 deep inside", method: "POST", body: "{\"items\":[{\"name\":\"ok\"},{\"name\":\"\xc0\xaf\"}]}", hdr: []string{ct, "application/json"}, status: 400, want: "body.items[1].name: not valid UTF-8"},
		{name: "invalid UTF-8 in a key", method: "POST", body: "{\"tags\":{\"\xff\":1}}", hdr: []string{ct, "application/json"}, status: 400, want: "body.tags: in a key, not valid UTF-8"},
		{name: "invalid UTF-8 inside any", method: "POST", body: "{\"extra\":{\"k\":\"\xff\"}}", hdr: []string{ct, "application/json"}, status: 400, want: "body.extra.k: not valid UTF-8"},
		{name: "a surrogate pair is fine", method: "POST", body: `{"name":"\ud83d\ude00"}`, hdr: []string{ct, "application/json"}, status: 200, want: "\"name\":\"\U0001f600\""},
		{name: "multibyte UTF-8 is fine", method: "POST", body: `{"name":"héllo, 世界"}`, hdr: []string{ct, "application/json"}, status: 200, want: `"name":"héllo, 世界"`},
		{name: "custom UnmarshalJSON is opaque", method: "POST", body: `{"when":{"a":1,"a":2}}`, hdr: []string{ct, "application/json"}, status: 200, want: `"when":{"a":1,"a":2}`},
	}
	h := marshal.Typed(echo)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(h, request(tt.method, "/", tt.body, tt.hdr...))
			wantResponse(t, w, tt.status, tt.want)
			if strings.Contains(w.Body.String(), "marshal_test") || strings.Contains(w.Body.String(), "thing") {
				t.Errorf("got body %q, want no Go type names", w.Body.String())
			}
		})
	}
}

// countingReader counts how often it is read.
type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) { c.reads++; return c.r.Read(p) }

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	big := `{"name":"` + strings.Repeat("x", 100) + `"}`
	called := 0
	h := marshal.Typed(func(_ context.Context, in *thing) (*thing, error) { called++; return in, nil }, marshal.Options{MaxBodyBytes: 64})
	tests := []struct {
		name   string
		build  func() *http.Request
		status int
	}{
		{name: "declared length over the limit", status: 413, build: func() *http.Request {
			return request("POST", "/", big, "Content-Type", "application/json")
		}},
		{name: "chunked over the limit", status: 413, build: func() *http.Request {
			r := request("POST", "/", "", "Content-Type", "application/json")
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(big)), -1
			return r
		}},
		{name: "declared length that lies", status: 413, build: func() *http.Request {
			r := request("POST", "/", big, "Content-Type", "application/json")
			r.ContentLength = 10
			return r
		}},
		{name: "outer MaxBytesReader", status: 413, build: func() *http.Request {
			r := request("POST", "/", "", "Content-Type", "application/json")
			r.Body = http.MaxBytesReader(nil, io.NopCloser(strings.NewReader(`{"name":"abcdefghij"}`)), 5)
			r.ContentLength = -1
			return r
		}},
		{name: "chunked within the limit", status: 200, build: func() *http.Request {
			r := request("POST", "/", "", "Content-Type", "application/json")
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(`{"name":"x"}`)), -1
			return r
		}},
		{name: "exactly the limit", status: 200, build: func() *http.Request {
			body := `{"name":"` + strings.Repeat("x", 64-len(`{"name":""}`)) + `"}`
			return request("POST", "/", body, "Content-Type", "application/json")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := called
			w := serve(h, tt.build())
			wantResponse(t, w, tt.status, "")
			if ran := called > before; ran != (tt.status == 200) {
				t.Errorf("got function run %v, want %v", ran, tt.status == 200)
			}
		})
	}
	t.Run("declared length is not read", func(t *testing.T) {
		body := &countingReader{r: strings.NewReader(big)}
		r := request("POST", "/", "", "Content-Type", "application/json")
		r.Body, r.ContentLength = io.NopCloser(body), int64(len(big))
		wantResponse(t, serve(h, r), 413, "larger than 64 bytes")
		if body.reads != 0 {
			t.Errorf("got %d reads, want 0", body.reads)
		}
	})
}

// readSizer records the largest buffer the handler reads the body into.
type readSizer struct {
	r       io.Reader
	largest int
}

func (s *readSizer) Read(p []byte) (int, error) {
	s.largest = max(s.largest, len(p))
	return s.r.Read(p)
}

// TestBodyDeclaredLengthIsNotTrusted: a client that declares a body at the
// limit and sends a few bytes (or none, holding the connection open) must
// not make the handler set aside the whole limit in memory before the bytes
// arrive: that would turn a 200-byte request into a megabyte per connection.
func TestBodyDeclaredLengthIsNotTrusted(t *testing.T) {
	t.Parallel()
	const small = `{"name":"x"}`
	body := &readSizer{r: strings.NewReader(small)}
	r := request("POST", "/", "", "Content-Type", "application/json")
	r.Body, r.ContentLength = io.NopCloser(body), marshal.DefaultMaxBodyBytes
	wantResponse(t, serve(marshal.Typed(echo), r), 200, `"name":"x"`)
	if limit := 64 << 10; body.largest > limit {
		t.Errorf("got a read into %d bytes for a declared %d-byte body of %d bytes, want at most %d",
			body.largest, r.ContentLength, len(small), limit)
	}
}

// failingReader fails every read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestBodyReadError(t *testing.T) {
	t.Parallel()
	r := request("POST", "/", "", "Content-Type", "application/json")
	r.Body, r.ContentLength = io.NopCloser(failingReader{}), -1
	wantResponse(t, serve(marshal.Typed(echo), r), 400, "body could not be read")
}

func TestBodyMapAndSlice(t *testing.T) {
	t.Parallel()
	mapH := marshal.Typed(func(_ context.Context, in map[string]int) (map[string]int, error) { return in, nil })
	sliceH := marshal.Marshaled(func(r *http.Request, in []item) (int, http.Header, []item, error) { return 201, nil, in, nil })
	w := serve(mapH, request("POST", "/", `{"a":1}`, "Content-Type", "application/json"))
	wantResponse(t, w, 200, `{"a":1}`)
	w = serve(sliceH, request("POST", "/", `[{"name":"a","size":1}]`, "Content-Type", "application/json"))
	wantResponse(t, w, 201, `[{"name":"a","size":1}]`)
	w = serve(sliceH, request("POST", "/", `[{"name":"a","Size":1}]`, "Content-Type", "application/json"))
	wantResponse(t, w, 400, `body[0].Size: unknown field`)
}

func TestBufferReuseDoesNotLeak(t *testing.T) {
	t.Parallel()
	h := marshal.Typed(echo)
	for _, body := range []string{`{"name":"a long name that fills the buffer"}`, `{"name":"b"}`} {
		w := serve(h, request("POST", "/", body, "Content-Type", "application/json"))
		var want bytes.Buffer
		want.WriteString(body[:len(body)-1])
		wantResponse(t, w, 200, strings.TrimPrefix(want.String(), "{"))
	}
}

// chunked hides its length, so the client sends it chunked.
type chunked struct{ io.Reader }

func TestBodyOverRealServer(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(marshal.Typed(echo, marshal.Options{MaxBodyBytes: 1024}))
	defer srv.Close()
	tests := []struct {
		name   string
		body   io.Reader
		status int
	}{
		{name: "chunked small", body: chunked{strings.NewReader(`{"name":"x"}`)}, status: 200},
		{name: "chunked large", body: chunked{strings.NewReader(`{"name":"` + strings.Repeat("x", 4096) + `"}`)}, status: 413},
		{name: "declared large", body: strings.NewReader(`{"name":"` + strings.Repeat("x", 4096) + `"}`), status: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := srv.Client().Post(srv.URL, "application/json", tt.body)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			got, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("got %d %q, want %d", res.StatusCode, got, tt.status)
			}
			if tt.status == 200 && !strings.Contains(string(got), `"name":"x"`) {
				t.Fatalf("got %q, want the echoed name", got)
			}
		})
	}
}

// TestBodyReadTimeout sends a body that stops short of its declared length
// to a server with a short ReadTimeout: the answer is a 408 whose body
// names no socket address (the read error's text goes to the log only).
func TestBodyReadTimeout(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(marshal.Typed(echo))
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	_, _ = io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":")
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestTimeout || strings.Contains(string(body), "127.0.0.1") || strings.Contains(string(body), "tcp") ||
		!strings.Contains(string(body), "did not arrive in time") {
		t.Errorf("got %d %s, want a 408 that names no address", res.StatusCode, body)
	}
}

// colour rejects what it does not know, in its own words.
type colour string

func (c *colour) UnmarshalJSON(b []byte) error {
	if string(b) != `"red"` {
		return errors.New("colour must be red")
	}
	*c = "red"
	return nil
}

type hidden struct{ A string }

// unsettable embeds a pointer to an unexported struct, which encoding/json
// cannot allocate; its error names Go types.
type unsettable struct {
	*hidden
	Colour colour `json:"colour"`
}

func TestDecodingErrorsHideGoTypes(t *testing.T) {
	t.Parallel()
	h := marshal.Typed(func(_ context.Context, in *unsettable) (*thing, error) { return &thing{}, nil })
	w := serve(h, request("POST", "/", `{"colour":"blue"}`, "Content-Type", "application/json"))
	wantResponse(t, w, 400, `"description":"body: colour must be red"`)
	w = serve(h, request("POST", "/", `{"A":"x"}`, "Content-Type", "application/json"))
	wantResponse(t, w, 400, `"description":"body: invalid value"`)
	if strings.Contains(w.Body.String(), "hidden") {
		t.Errorf("got %q, want no Go type name", w.Body.String())
	}
}
