package marshal_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
)

// panicMessage returns what f panics with, or "" if it does not.
func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}

type badTags struct {
	A string `path:"a" query:"a"`
}
type emptyTag struct {
	A string `query:""`
}
type badRequired struct {
	A string `query:"a" required:"yes"`
}
type optionalPath struct {
	A string `path:"a" required:"false"`
}
type sliceInPath struct {
	A []string `path:"a"`
}
type chanParam struct {
	A chan int `query:"a"`
}
type unexportedParam struct {
	a string `query:"a"` //lint:ignore U1000 the test needs an unexported tagged field
}
type Embedded struct {
	A string `query:"a"`
}
type pointerEmbedded struct {
	*Embedded
}

func TestMarshaledRejectsBadSignatures(t *testing.T) {
	t.Parallel()
	type resp = *thing
	tests := []struct {
		name string
		fn   any
		want string
	}{
		{name: "nil", fn: nil, want: "marshal: Marshaled(nil): want a function"},
		{name: "nil func", fn: (func(context.Context, *thing) (*thing, error))(nil), want: "the function is nil"},
		{name: "not a func", fn: 42, want: "Marshaled(int): want a function"},
		{name: "no arguments", fn: func() (resp, error) { return nil, nil }, want: "has no arguments"},
		{name: "variadic", fn: func(context.Context, ...int) (resp, error) { return nil, nil }, want: "is variadic"},
		{name: "wrong first argument", fn: func(string) (int, http.Header, resp, error) { return 0, nil, nil, nil }, want: "argument 1 is string, want context.Context, *http.Request or *url.URL"},
		{name: "request value of a scalar type", fn: func(*url.URL, http.Header, string) (int, http.Header, resp, error) { return 0, nil, nil, nil }, want: "argument 3 is string, want a pointer to a struct, a map or a slice"},
		{name: "non-pointer struct", fn: func(context.Context, thing) (resp, error) { return nil, nil }, want: "argument 2 is marshal_test.thing, want a pointer to a struct, a map or a slice"},
		{name: "pointer to pointer", fn: func(context.Context, **thing) (resp, error) { return nil, nil }, want: "argument 2 is **marshal_test.thing"},
		{name: "interface request", fn: func(context.Context, any) (resp, error) { return nil, nil }, want: "argument 2 is interface {}"},
		{name: "missing header", fn: func(*url.URL) (int, http.Header, resp, error) { return 0, nil, nil, nil }, want: "has 1 arguments, want http.Header as argument 2"},
		{name: "header of the wrong type", fn: func(*url.URL, map[string]string) (int, http.Header, resp, error) { return 0, nil, nil, nil }, want: "argument 2 is map[string]string, want http.Header"},
		{name: "context then not a URL", fn: func(context.Context, http.Header) (int, http.Header, resp, error) { return 0, nil, nil, nil }, want: "argument 2 is http.Header, want *url.URL"},
		{name: "Tiger Tonic context argument", fn: func(*url.URL, http.Header, *thing, *thing) (int, http.Header, resp, error) { return 0, nil, nil, nil }, want: "has 4 arguments, want at most 3"},
		{name: "too few results", fn: func(*url.URL, http.Header) (resp, error) { return nil, nil }, want: "returns 2 results, want 4: (int, http.Header, Resp, error)"},
		{name: "short with four results", fn: func(context.Context, *thing) (int, http.Header, resp, error) { return 0, nil, nil, nil }, want: "argument 2 is *marshal_test.thing, want *url.URL"},
		{name: "status not int", fn: func(*http.Request) (string, http.Header, resp, error) { return "", nil, nil, nil }, want: "result 1 is string, want int"},
		{name: "header result", fn: func(*http.Request) (int, http.Header, resp, string) { return 0, nil, nil, "" }, want: "result 4 is string, want error"},
		{name: "scalar response", fn: func(*http.Request) (int, http.Header, string, error) { return 0, nil, "", nil }, want: "result 3 is string, want a pointer to a struct, a map, a slice or an io.Reader"},
		{name: "short error result", fn: func(context.Context) (resp, bool) { return nil, false }, want: "result 2 is bool, want error"},
		{name: "both tags", fn: func(context.Context, *badTags) (resp, error) { return nil, nil }, want: "field A: has both path and query tags, want one"},
		{name: "empty tag", fn: func(context.Context, *emptyTag) (resp, error) { return nil, nil }, want: "field A: query tag is empty"},
		{name: "bad required", fn: func(context.Context, *badRequired) (resp, error) { return nil, nil }, want: `required tag is "yes"`},
		{name: "optional path", fn: func(context.Context, *optionalPath) (resp, error) { return nil, nil }, want: "always required"},
		{name: "slice in path", fn: func(context.Context, *sliceInPath) (resp, error) { return nil, nil }, want: "a path parameter cannot be a slice"},
		{name: "unsupported parameter type", fn: func(context.Context, *chanParam) (resp, error) { return nil, nil }, want: "field A: is chan int, want a string, number"},
		{name: "unexported parameter", fn: func(context.Context, *unexportedParam) (resp, error) { return nil, nil }, want: "field a: is unexported"},
		{name: "parameter in embedded pointer", fn: func(context.Context, *pointerEmbedded) (resp, error) { return nil, nil }, want: "embedded pointer *marshal_test.Embedded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := panicMessage(func() { marshal.Marshaled(tt.fn) })
			if !strings.HasPrefix(got, "marshal: ") || !strings.Contains(got, tt.want) {
				t.Errorf("got panic %q, want a marshal: panic containing %q", got, tt.want)
			}
		})
	}
}

func TestTypedRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{name: "nil", f: func() { marshal.Typed[*thing, *thing](nil) }, want: "the function is nil"},
		{name: "scalar request", f: func() {
			marshal.Typed(func(context.Context, string) (*thing, error) { return nil, nil })
		}, want: "argument 2 is string, want a pointer to a struct, a map or a slice"},
		{name: "scalar response", f: func() {
			marshal.Typed(func(context.Context, *thing) (int, error) { return 0, nil })
		}, want: "result 1 is int"},
		{name: "negative MaxBodyBytes", f: func() { marshal.Typed(echo, marshal.Options{MaxBodyBytes: -1}) }, want: "Options.MaxBodyBytes is -1"},
		{name: "two Options", f: func() { marshal.Typed(echo, marshal.Options{}, marshal.Options{}) }, want: "Typed with 2 Options"},
		{name: "two Options to Marshaled", f: func() { marshal.Marshaled(echo, marshal.Options{}, marshal.Options{}) }, want: "Marshaled with 2 Options"},
		{name: "a Response from the long shape", f: func() {
			marshal.Marshaled(func(*url.URL, http.Header) (int, http.Header, *marshal.Response[*thing], error) {
				return 0, nil, nil, nil
			})
		}, want: "thing], which the (int, http.Header, Resp, error) shape cannot return"},
		{name: "a Response of a scalar", f: func() {
			marshal.Typed(func(context.Context, *thing) (*marshal.Response[int], error) { return nil, nil })
		}, want: "result 1 is int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := panicMessage(tt.f); !strings.HasPrefix(got, "marshal: ") || !strings.Contains(got, tt.want) {
				t.Errorf("got panic %q, want a marshal: panic containing %q", got, tt.want)
			}
		})
	}
}

func TestMarshaledShapes(t *testing.T) {
	t.Parallel()
	ok := &thing{Name: "ok"}
	tests := []struct {
		name string
		fn   any
	}{ // the shapes without a request value are sent no body (see TestBodyRefusedWithoutRequestValue)
		{name: "url header", fn: func(*url.URL, http.Header) (int, http.Header, *thing, error) { return 0, nil, ok, nil }},
		{name: "url header req", fn: func(_ *url.URL, _ http.Header, in *thing) (int, http.Header, *thing, error) { return 0, nil, in, nil }},
		{name: "ctx url header", fn: func(context.Context, *url.URL, http.Header) (int, http.Header, *thing, error) { return 0, nil, ok, nil }},
		{name: "ctx url header req", fn: func(_ context.Context, _ *url.URL, _ http.Header, in *thing) (int, http.Header, *thing, error) {
			return 0, nil, in, nil
		}},
		{name: "request", fn: func(*http.Request) (int, http.Header, *thing, error) { return 0, nil, ok, nil }},
		{name: "request req", fn: func(_ *http.Request, in *thing) (int, http.Header, *thing, error) { return 0, nil, in, nil }},
		{name: "ctx", fn: func(context.Context) (*thing, error) { return ok, nil }},
		{name: "ctx req", fn: func(_ context.Context, in *thing) (*thing, error) { return in, nil }},
		{name: "map request", fn: func(_ context.Context, in map[string]any) (map[string]any, error) {
			return map[string]any{"name": "ok"}, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := marshal.Marshaled(tt.fn)
			body := `{"name":"ok"}`
			if h.RequestType() == nil {
				body = ""
			}
			r := request("POST", "/", body, "Content-Type", "application/json")
			wantResponse(t, serve(h, r), 200, `"name":"ok"`)
		})
	}
}

func TestMarshaledPassesRequestParts(t *testing.T) {
	t.Parallel()
	type key struct{}
	h := marshal.Marshaled(func(ctx context.Context, u *url.URL, hdr http.Header, in *thing) (int, http.Header, *thing, error) {
		v, _ := ctx.Value(key{}).(string)
		return 0, nil, &thing{Name: v + " " + u.Path + " " + hdr.Get("X-A") + " " + in.Name}, nil
	})
	r := request("POST", "/p", `{"name":"n"}`, "Content-Type", "application/json", "X-A", "a")
	r = r.WithContext(context.WithValue(r.Context(), key{}, "ctx"))
	wantResponse(t, serve(h, r), 200, `"name":"ctx /p a n"`)

	h = marshal.Marshaled(func(r *http.Request) (int, http.Header, io.Reader, error) {
		return 0, http.Header{"Content-Type": {"text/plain"}}, strings.NewReader(r.RemoteAddr), nil
	})
	wantResponse(t, serve(h, request("GET", "/", "")), 200, "192.0.2.1")
}
