package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// failing answers with the error its path names.
type failing struct {
	Kind   string `path:"kind"`
	Accept string `header:"Accept"`
}

// fieldsError is an error with invalid values.
var fieldsError = &tonic.Error{Status: 422, Message: "1 invalid value",
	Fields: []tonic.FieldError{{Path: "body.name", Rule: "maxLength", Message: "must be at most 3 characters"}}}

// failingAPI answers /fail/{kind} with tonic errors, through RequestID, in
// JSONErrors, and /problem/{kind} in RFC 9457 problems.
func failingAPI() http.Handler {
	fail := marshal.Typed(func(_ context.Context, in *failing) (*itemInput, error) {
		switch in.Kind {
		case "fields":
			return nil, fieldsError
		case "private":
			return nil, errors.New("secret detail")
		}
		return nil, tonic.Errorf(http.StatusNotFound, "no %s here", in.Kind)
	})
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/fail/{kind}", fail)
	mux.Handle("GET", "/problem/{kind}", tonic.UseErrorWriter(tonic.ProblemErrors{})(fail))
	mux.HandleFunc("GET", "/foreign/text", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream is down", http.StatusBadGateway)
	})
	mux.HandleFunc("GET", "/foreign/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "<h1>oops</h1>")
	})
	return middleware.RequestID()(mux)
}

// TestCallErrors decodes every kind of error body into a *tonic.Error.
func TestCallErrors(t *testing.T) {
	t.Parallel()
	c := newServer(t, failingAPI())
	ctx := tonic.ContextWithRequestID(context.Background(), "req-7")
	tests := []struct {
		name    string
		pattern string
		req     *failing
		want    tonic.Error
	}{
		{"JSON error", "GET /fail/{kind}", &failing{Kind: "thing"}, tonic.Error{Status: 404, Code: "not_found", Message: "no thing here", RequestID: "req-7"}},
		{"JSON error with fields", "GET /fail/{kind}", &failing{Kind: "fields"},
			tonic.Error{Status: 422, Code: "unprocessable_entity", Message: "1 invalid value", RequestID: "req-7", Fields: fieldsError.Fields}},
		{"private 500", "GET /fail/{kind}", &failing{Kind: "private"}, tonic.Error{Status: 500, Code: "internal_server_error", Message: "Internal Server Error", RequestID: "req-7"}},
		{"problem", "GET /problem/{kind}", &failing{Kind: "thing"}, tonic.Error{Status: 404, Code: "not_found", Message: "no thing here", RequestID: "req-7"}},
		{"problem with fields", "GET /problem/{kind}", &failing{Kind: "fields"},
			tonic.Error{Status: 422, Code: "unprocessable_entity", Message: "1 invalid value", RequestID: "req-7", Fields: fieldsError.Fields}},
		{"plain text from tonic", "DELETE /fail/{kind}", &failing{Kind: "x", Accept: "text/plain"}, tonic.Error{Status: 405, Code: "method_not_allowed",
			Message: "DELETE /fail/x is not allowed; the allowed methods are GET, HEAD, OPTIONS", RequestID: "req-7"}},
		{"a 406 in plain text", "GET /fail/{kind}", &failing{Kind: "thing", Accept: "text/html"},
			tonic.Error{Status: 406, Code: "not_acceptable", Message: `Accept is "text/html", which rules out application/json`, RequestID: "req-7"}},
		{"plain text from elsewhere", "GET /foreign/{kind}", &failing{Kind: "text"}, tonic.Error{Status: 502, Message: "upstream is down", RequestID: "req-7"}},
		{"HTML from elsewhere", "GET /foreign/{kind}", &failing{Kind: "html"}, tonic.Error{Status: 500, RequestID: "req-7"}},
		{"a 405 from the mux", "DELETE /fail/{kind}", &failing{Kind: "x"}, tonic.Error{Status: 405, Code: "method_not_allowed",
			Message: "DELETE /fail/x is not allowed; the allowed methods are GET, HEAD, OPTIONS", RequestID: "req-7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := client.Call[itemInput](ctx, c, tt.pattern, tt.req)
			var e *tonic.Error
			if got != nil || !errors.As(err, &e) {
				t.Fatalf("got %+v, %v, want a *tonic.Error", got, err)
			}
			if !reflect.DeepEqual(*e, tt.want) {
				t.Errorf("got  %#v\nwant %#v", *e, tt.want)
			}
			if s, ok := tonic.StatusOf(err); !ok || s != tt.want.Status {
				t.Errorf("StatusOf: got %d, %v, want %d", s, ok, tt.want.Status)
			}
		})
	}
}

func TestParseError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   tonic.Error
	}{
		{"request ID from the header", 404, http.Header{"X-Request-Id": {"h-1"}}, `{"error":"not_found","description":"gone"}`,
			tonic.Error{Status: 404, Code: "not_found", Message: "gone", RequestID: "h-1"}},
		{"the body's request ID wins", 404, http.Header{"X-Request-Id": {"h-1"}}, `{"error":"not_found","description":"gone","request_id":"b-1"}`,
			tonic.Error{Status: 404, Code: "not_found", Message: "gone", RequestID: "b-1"}},
		{"a problem with a title only", 409, nil, `{"type":"about:blank","title":"Conflict","status":409}`, tonic.Error{Status: 409, Message: "Conflict"}},
		{"malformed JSON", 500, http.Header{"Content-Type": {"application/json"}}, `{"error":`, tonic.Error{Status: 500}},
		{"empty", 503, nil, "", tonic.Error{Status: 503}},
		{"plain text that is not a code", 400, http.Header{"Content-Type": {"text/plain"}}, "Bad Request: see docs\n",
			tonic.Error{Status: 400, Message: "Bad Request: see docs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.header == nil {
				tt.header = http.Header{}
			}
			got := client.ParseError(tt.status, tt.header, []byte(tt.body))
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", *got, tt.want)
			}
		})
	}
}
