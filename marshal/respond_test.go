package marshal_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// teapot carries its own status, as Tiger Tonic's errors do.
type teapot struct{}

func (teapot) Error() string   { return "short and stout" }
func (teapot) StatusCode() int { return http.StatusTeapot }

// returning returns a handler whose function returns exactly these values.
func returning(status int, hdr http.Header, resp any, err error) *marshal.Handler {
	return marshal.Marshaled(func(*url.URL, http.Header) (int, http.Header, map[string]any, error) {
		m, _ := resp.(map[string]any)
		return status, hdr, m, err
	})
}

func TestResponses(t *testing.T) {
	t.Parallel()
	body := map[string]any{"ok": true}
	tests := []struct {
		name     string
		h        *marshal.Handler
		method   string
		accept   string
		status   int
		want     string // exact body
		wantType string
		wantHdr  string // "Name: value" that must be set
	}{
		{name: "status 0 is 200", h: returning(0, nil, body, nil), status: 200, want: "{\"ok\":true}\n", wantType: "application/json"},
		{name: "201 with headers", h: returning(201, http.Header{"location": {"/x"}}, body, nil), status: 201, want: "{\"ok\":true}\n", wantHdr: "Location: /x"},
		{name: "own JSON type kept", h: returning(0, http.Header{"Content-Type": {"application/vnd.api+json"}}, body, nil), status: 200, want: "{\"ok\":true}\n", wantType: "application/vnd.api+json"},
		{name: "non-JSON type replaced", h: returning(0, http.Header{"Content-Type": {"text/html"}}, body, nil), status: 200, want: "{\"ok\":true}\n", wantType: "application/json"},
		{name: "nil response is null", h: returning(0, nil, nil, nil), status: 200, want: "null\n"},
		{name: "204 has no body", h: returning(204, nil, body, nil), status: 204, want: ""},
		{name: "304 has no body", h: returning(304, nil, body, nil), status: 304, want: ""},
		{name: "HEAD has no body", h: returning(0, nil, body, nil), method: "HEAD", status: 200, want: "", wantType: "application/json"},
		{name: "404 without an error writes the body", h: returning(404, nil, body, nil), status: 404, want: "{\"ok\":true}\n"},
		{name: "1xx without an error", h: returning(101, nil, body, nil), status: 500, want: "{\"error\":\"internal_server_error\",\"description\":\"Internal Server Error\"}\n"},
		{name: "invalid status", h: returning(999, nil, body, nil), status: 500, want: "{\"error\":\"internal_server_error\",\"description\":\"Internal Server Error\"}\n"},
		{name: "plain 5xx error is private", h: returning(503, nil, nil, errors.New("db password wrong")), status: 503, want: "{\"error\":\"service_unavailable\",\"description\":\"Service Unavailable\"}\n"},
		{name: "plain 4xx error is public", h: returning(404, nil, nil, errors.New("no such thing")), status: 404, want: "{\"error\":\"not_found\",\"description\":\"no such thing\"}\n"},
		{name: "error with status 0 is 500", h: returning(0, nil, nil, errors.New("boom")), status: 500, want: "{\"error\":\"internal_server_error\",\"description\":\"Internal Server Error\"}\n"},
		{name: "error with 2xx is 500", h: returning(200, nil, body, errors.New("boom")), status: 500, want: "{\"error\":\"internal_server_error\",\"description\":\"Internal Server Error\"}\n"},
		{name: "error's status wins", h: returning(400, nil, nil, fmt.Errorf("wrapped: %w", teapot{})), status: 418, want: "{\"error\":\"im_a_teapot\",\"description\":\"short and stout\"}\n"},
		{name: "tonic.Error 5xx is public", h: returning(0, nil, nil, tonic.NewError(502, "upstream said no")), status: 502, want: "{\"error\":\"bad_gateway\",\"description\":\"upstream said no\"}\n"},
		{name: "headers kept with an error", h: returning(429, http.Header{"Retry-After": {"3"}}, nil, errors.New("slow down")), status: 429, want: "{\"error\":\"too_many_requests\",\"description\":\"slow down\"}\n", wantHdr: "Retry-After: 3"},
		{name: "406 before the call", h: returning(0, nil, body, nil), accept: "text/html", status: 406, want: "not_acceptable: Accept is \"text/html\", which rules out application/json\n"},
		{name: "q=0 refuses JSON", h: returning(0, nil, body, nil), accept: "application/json;q=0, */*", status: 406, want: "not_acceptable: Accept is \"application/json;q=0, */*\", which rules out application/json\n"},
		{name: "wildcard accepts JSON", h: returning(0, nil, body, nil), accept: "text/html, application/*;q=0.2", status: 200, want: "{\"ok\":true}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := bodyless(tt.method, tt.accept)
			w := serve(tt.h, r)
			if w.Code != tt.status || w.Body.String() != tt.want {
				t.Fatalf("got %d %q, want %d %q", w.Code, w.Body.String(), tt.status, tt.want)
			}
			if tt.wantType != "" && w.Header().Get("Content-Type") != tt.wantType {
				t.Errorf("got Content-Type %q, want %q", w.Header().Get("Content-Type"), tt.wantType)
			}
			if name, value, ok := strings.Cut(tt.wantHdr, ": "); ok && w.Header().Get(name) != value {
				t.Errorf("got %s %q, want %q", name, w.Header().Get(name), value)
			}
		})
	}
}

func TestEncodingFailureIsClean500(t *testing.T) {
	t.Parallel()
	h := returning(201, http.Header{"X-Kept": {"1"}}, map[string]any{"bad": make(chan int)}, nil)
	w := serve(h, request("GET", "/", ""))
	want := "{\"error\":\"internal_server_error\",\"description\":\"Internal Server Error\"}\n"
	if w.Code != 500 || w.Body.String() != want {
		t.Fatalf("got %d %q, want 500 %q", w.Code, w.Body.String(), want)
	}
}

func TestProblemErrorsFromContext(t *testing.T) {
	t.Parallel()
	h := tonic.UseErrorWriter(tonic.ProblemErrors{})(marshal.Typed(echo))
	w := serve(h, request("POST", "/", `{"count":"x"}`, "Content-Type", "application/json", "Accept", "application/problem+json"))
	wantResponse(t, w, 400, `"detail":"body.count: got string, want an integer"`)
	if got := w.Header().Get("Content-Type"); got != "application/problem+json" {
		t.Errorf("got Content-Type %q, want application/problem+json", got)
	}
}

func TestPrivateErrorsAreLogged(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := zerolog.New(&logs)
	h := returning(0, nil, nil, errors.New("db password wrong"))
	r := request("GET", "/", "")
	r = r.WithContext(logger.WithContext(r.Context()))
	w := serve(h, r)
	if strings.Contains(w.Body.String(), "password") {
		t.Errorf("got body %q, want the detail kept private", w.Body.String())
	}
	if got := logs.String(); !strings.Contains(got, `"level":"error"`) || !strings.Contains(got, "db password wrong") || !strings.Contains(got, `"status":500`) {
		t.Errorf("got log %q, want an error line with the detail and status", got)
	}
}

// trackedReader records whether it was closed.
type trackedReader struct {
	io.Reader
	closed bool
}

func (t *trackedReader) Close() error { t.closed = true; return nil }

func TestStreams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		ct      string
		err     error
		accept  string
		method  string
		want    int
		body    string
		noRead  bool
		readErr bool
	}{
		{name: "streams", ct: "text/csv", want: 200, body: "a,b\n"},
		{name: "created", status: 201, ct: "text/csv", want: 201, body: "a,b\n"},
		{name: "accepted type", ct: "text/csv; charset=utf-8", accept: "text/csv", want: 200, body: "a,b\n"},
		{name: "refused type", ct: "text/csv", accept: "application/json", want: 406, body: "rules out text/csv"},
		{name: "no Content-Type", want: 500, body: "Internal Server Error"},
		{name: "error", ct: "text/csv", err: errors.New("nope"), status: 409, want: 409, body: "nope"},
		{name: "204", status: 204, ct: "text/csv", want: 204, body: ""},
		{name: "HEAD", method: "HEAD", ct: "text/csv", want: 200, body: ""},
		{name: "invalid status", status: 42, ct: "text/csv", want: 500, body: "Internal Server Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rd := &trackedReader{Reader: strings.NewReader("a,b\n")}
			h := marshal.Marshaled(func(*http.Request) (int, http.Header, io.ReadCloser, error) {
				hdr := http.Header{}
				if tt.ct != "" {
					hdr.Set("Content-Type", tt.ct)
				}
				return tt.status, hdr, rd, tt.err
			})
			if !h.Streams() {
				t.Fatal("got Streams false, want true")
			}
			r := bodyless(tt.method, tt.accept)
			wantResponse(t, serve(h, r), tt.want, tt.body)
			if !rd.closed {
				t.Error("got the reader open, want it closed")
			}
		})
	}
	t.Run("nil reader", func(t *testing.T) {
		h := marshal.Typed(func(context.Context, *thing) (io.Reader, error) { return nil, nil })
		wantResponse(t, serve(h, request("GET", "/", "", "Accept", "text/csv")), 500, "")
	})
	t.Run("typed nil reader", func(t *testing.T) {
		// A nil *T in an io.Reader interface is not a nil interface; it must
		// be served as an empty body, not read or closed (both would panic).
		h := marshal.Marshaled(func(*http.Request) (int, http.Header, io.ReadCloser, error) {
			var rd *trackedReader
			return 0, http.Header{"Content-Type": {"text/csv"}}, rd, nil
		})
		var w *httptest.ResponseRecorder
		if p := panicMessage(func() { w = serve(h, bodyless("", "")) }); p != "" {
			t.Fatalf("got panic %v, want an empty 200", p)
		}
		wantResponse(t, w, 200, "")
		if w.Body.Len() != 0 {
			t.Errorf("got body %q, want none", w.Body.String())
		}
	})
	t.Run("rejected request never calls", func(t *testing.T) {
		called := false
		h := marshal.Typed(func(context.Context, *thing) (io.Reader, error) { called = true; return nil, nil })
		wantResponse(t, serve(h, request("POST", "/", "{", "Content-Type", "application/json")), 400, "malformed")
		if called {
			t.Error("got the function called, want it not called")
		}
	})
}
