package marshal_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// TestResponse: a function that returns *Response[T] chooses its status and
// headers, through Typed and through Marshaled's short shape alike.
func TestResponse(t *testing.T) {
	t.Parallel()
	created := func(_ context.Context, in *thing) (*marshal.Response[*thing], error) {
		return &marshal.Response[*thing]{Status: http.StatusCreated, Header: http.Header{"location": {"/things/" + in.Name}}, Body: in}, nil
	}
	tests := []struct {
		name     string
		h        http.Handler
		body     string
		status   int
		want     string
		location string
	}{
		{"Typed 201 with Location", marshal.Typed(created), `{"name":"a"}`, 201, "{\"name\":\"a\",\"count\":0}\n", "/things/a"},
		{"Marshaled 201 with Location", marshal.Marshaled(created), `{"name":"b"}`, 201, "{\"name\":\"b\",\"count\":0}\n", "/things/b"},
		{"nil Response is 200 null", marshal.Typed(func(context.Context, *thing) (*marshal.Response[*thing], error) { return nil, nil }), `{}`, 200, "null\n", ""},
		{"204 without a body", marshal.Typed(func(context.Context, *thing) (*marshal.Response[*struct{}], error) {
			return &marshal.Response[*struct{}]{Status: http.StatusNoContent}, nil
		}), `{}`, 204, "", ""},
		{"error wins, header kept", marshal.Typed(func(context.Context, *thing) (*marshal.Response[*thing], error) {
			return &marshal.Response[*thing]{Header: http.Header{"Location": {"/elsewhere"}}}, tonic.Errorf(http.StatusConflict, "taken")
		}), `{}`, 409, "{\"error\":\"conflict\",\"description\":\"taken\"}\n", "/elsewhere"},
		{"invalid status is a 500", marshal.Typed(func(context.Context, *thing) (*marshal.Response[*thing], error) {
			return &marshal.Response[*thing]{Status: 42}, nil
		}), `{}`, 500, "{\"error\":\"internal_server_error\",\"description\":\"Internal Server Error\"}\n", ""},
		{"streamed body", marshal.Typed(func(context.Context, *thing) (*marshal.Response[io.Reader], error) {
			return &marshal.Response[io.Reader]{Status: http.StatusAccepted, Header: http.Header{"Content-Type": {"text/csv"}},
				Body: strings.NewReader("a,b\n")}, nil
		}), `{}`, 202, "a,b\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("POST", "/things", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			tt.h.ServeHTTP(w, r)
			if w.Code != tt.status || w.Body.String() != tt.want || w.Header().Get("Location") != tt.location {
				t.Errorf("got %d %q Location %q, want %d %q %q", w.Code, w.Body, w.Header().Get("Location"), tt.status, tt.want, tt.location)
			}
		})
	}
}

// TestResponseTypes: the handler describes the body's type, not the
// Response wrapper, for documentation generators.
func TestResponseTypes(t *testing.T) {
	t.Parallel()
	h := marshal.Typed(func(context.Context, *thing) (*marshal.Response[*thing], error) { return nil, nil })
	if got := h.ResponseType().String(); got != "*marshal_test.thing" {
		t.Errorf("ResponseType: got %s, want *marshal_test.thing", got)
	}
	s := marshal.Typed(func(context.Context, *thing) (*marshal.Response[io.ReadCloser], error) { return nil, nil })
	if !s.Streams() {
		t.Error("Streams: got false for a Response[io.ReadCloser], want true")
	}
}

// BenchmarkResponse compares a function returning its body with one
// returning a Response around it.
func BenchmarkResponse(b *testing.B) {
	plain := marshal.Typed(func(_ context.Context, in *thing) (*thing, error) { return in, nil })
	wrapped := marshal.Typed(func(_ context.Context, in *thing) (*marshal.Response[*thing], error) {
		return &marshal.Response[*thing]{Status: http.StatusCreated, Body: in}, nil
	})
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"body", plain}, {"Response", wrapped}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				r := httptest.NewRequest("POST", "/", strings.NewReader(`{"name":"x","count":3}`))
				r.Header.Set("Content-Type", "application/json")
				bc.h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
