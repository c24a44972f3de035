package marshal_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
)

// A result of a concrete io.Reader type is streamed as an io.Reader
// interface is: with the function's Content-Type, checked against Accept,
// and closed on every path when it is an io.Closer.
func TestStreamsConcreteReaders(t *testing.T) {
	t.Parallel()
	csv := http.Header{"Content-Type": {"text/csv"}}
	tests := []struct {
		name   string
		h      func(rd *trackedReader) *marshal.Handler
		accept string
		status int
		body   string
		closed bool // the reader is closed
	}{
		{name: "Typed pointer to a closer", h: func(rd *trackedReader) *marshal.Handler {
			return marshal.Typed(func(context.Context, *thing) (*marshal.Response[*trackedReader], error) {
				return &marshal.Response[*trackedReader]{Header: csv, Body: rd}, nil
			})
		}, status: 200, body: "a,b\n", closed: true},
		{name: "refused Content-Type still closes", h: func(rd *trackedReader) *marshal.Handler {
			return marshal.Typed(func(context.Context, *thing) (*marshal.Response[*trackedReader], error) {
				return &marshal.Response[*trackedReader]{Header: csv, Body: rd}, nil
			})
		}, accept: "application/json", status: 406, body: "rules out text/csv", closed: true},
		{name: "error still closes", h: func(rd *trackedReader) *marshal.Handler {
			return marshal.Marshaled(func(*url.URL, http.Header) (int, http.Header, *trackedReader, error) {
				return http.StatusConflict, nil, rd, errors.New("busy")
			})
		}, status: 409, body: "busy", closed: true},
		{name: "*bytes.Buffer", h: func(*trackedReader) *marshal.Handler {
			return marshal.Marshaled(func(*url.URL, http.Header) (int, http.Header, *bytes.Buffer, error) {
				return 0, csv, bytes.NewBufferString("x,y\n"), nil
			})
		}, accept: "text/*", status: 200, body: "x,y\n"},
		{name: "*strings.Reader", h: func(*trackedReader) *marshal.Handler {
			return marshal.Marshaled(func(context.Context) (*strings.Reader, error) { return strings.NewReader("plain"), nil })
		}, status: 500, body: "Internal Server Error"}, // no Content-Type set
		{name: "nil pointer", h: func(*trackedReader) *marshal.Handler {
			return marshal.Marshaled(func(*url.URL, http.Header) (int, http.Header, *bytes.Buffer, error) { return 0, csv, nil, nil })
		}, status: 200, body: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rd := &trackedReader{Reader: strings.NewReader("a,b\n")}
			h := tt.h(rd)
			if !h.Streams() {
				t.Fatal("got Streams false, want true")
			}
			w := serve(h, bodyless("GET", tt.accept))
			wantResponse(t, w, tt.status, tt.body)
			if tt.status == 200 && w.Body.String() != tt.body {
				t.Errorf("got body %q, want exactly %q", w.Body.String(), tt.body)
			}
			if rd.closed != tt.closed {
				t.Errorf("got closed %v, want %v", rd.closed, tt.closed)
			}
		})
	}
}
