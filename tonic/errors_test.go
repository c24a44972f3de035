package tonic

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// ttError mimics a Tiger Tonic error type: StatusCode and Name methods.
type ttError struct{ msg string }

func (e ttError) Error() string   { return e.msg }
func (e ttError) StatusCode() int { return http.StatusConflict }
func (e ttError) Name() string    { return "StuffConflict" }

func TestDescribe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		err      error
		wantName string
		wantDesc string
	}{
		{"nil error", 404, nil, "not_found", "Not Found"},
		{"tonic error", 404, NewError(404, "no such stuff"), "not_found", "no such stuff"},
		{"tonic error with code", 404, &Error{Status: 404, Code: "stuff_missing", Message: "gone"}, "stuff_missing", "gone"},
		{"tonic error without message", 503, NewError(503, ""), "service_unavailable", "Service Unavailable"},
		{"public 5xx with its own status", 503, NewError(503, "store is down"), "service_unavailable", "store is down"},
		{"wrapped tonic error", 404, fmt.Errorf("loading: %w", NewError(404, "no such stuff")), "not_found", "no such stuff"},
		{"plain 4xx is public", 400, errors.New("bad limit"), "bad_request", "bad limit"},
		{"plain 5xx is private", 500, errors.New("db password wrong"), "internal_server_error", "Internal Server Error"},
		{"Tiger Tonic error", 409, ttError{"already exists"}, "stuff_conflict", "already exists"},
		{"wrapped Tiger Tonic error", 409, fmt.Errorf("x: %w", ttError{"already exists"}), "stuff_conflict", "already exists"},
		{"teapot", 418, nil, "im_a_teapot", "I'm a teapot"},
		{"unknown status", 599, nil, "error", "error"},
		{"private cause stays private", 502, WrapError(502, errors.New("dial 10.0.0.1"), "upstream failed"), "bad_gateway", "upstream failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			name, desc := Describe(tt.status, tt.err)
			if name != tt.wantName || desc != tt.wantDesc {
				t.Errorf("Describe: got %q %q, want %q %q", name, desc, tt.wantName, tt.wantDesc)
			}
		})
	}
}

func TestResolveStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		err    error
		want   int
	}{
		{"error's status wins", 400, NewError(404, "x"), 404},
		{"wrapped status", 0, fmt.Errorf("w: %w", NewError(409, "x")), 409},
		{"asked status for a plain error", 422, errors.New("x"), 422},
		{"zero means 500", 0, errors.New("x"), 500},
		{"2xx with an error means 500", 200, errors.New("x"), 500},
		{"3xx with an error means 500", 302, errors.New("x"), 500},
		{"invalid means 500", 1000, errors.New("x"), 500},
		{"invalid carried status means 500", 0, NewError(42, "x"), 500},
		{"carried 1xx cannot end a response", 0, NewError(103, "x"), 500},
		{"1xx without an error cannot end a response", 101, nil, 500},
		{"redirect without an error", 301, nil, 301},
		{"nothing at all", 0, nil, 500},
	}
	for _, tt := range tests {
		if got := ResolveStatus(tt.status, tt.err); got != tt.want {
			t.Errorf("%s: ResolveStatus(%d, %v): got %d, want %d", tt.name, tt.status, tt.err, got, tt.want)
		}
	}
}

func TestErrorf(t *testing.T) {
	t.Parallel()
	sentinel := errors.New("not found in store")
	other := errors.New("disk on fire")
	tests := []struct {
		name      string
		err       *Error
		message   string // public
		errorText string // for logs
		causes    []error
	}{
		{"no cause", Errorf(404, "no stuff %q", "7"), `no stuff "7"`, `no stuff "7"`, nil},
		{"a %w cause stays private", Errorf(404, "stuff %d: %w", 7, sentinel),
			"stuff 7", "stuff 7: not found in store", []error{sentinel}},
		{"the cause first", Errorf(500, "%w, while loading", sentinel),
			"while loading", "while loading: not found in store", []error{sentinel}},
		{"only a cause", Errorf(500, "%w", sentinel), "", "Internal Server Error: not found in store", []error{sentinel}},
		{"two causes", Errorf(500, "saving: %w; then %w", sentinel, other),
			"saving: ; then", "saving: ; then: not found in store\ndisk on fire", []error{sentinel, other}},
		{"an error given for %v is public", Errorf(400, "bad input: %v", other),
			"bad input: disk on fire", "bad input: disk on fire", nil},
		{"%v public, %w private", Errorf(502, "upstream said %q: %w", other, sentinel),
			`upstream said "disk on fire"`, `upstream said "disk on fire": not found in store`, []error{sentinel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err.Message != tt.message {
				t.Errorf("Message: got %q, want %q", tt.err.Message, tt.message)
			}
			if got := tt.err.Error(); got != tt.errorText {
				t.Errorf("Error(): got %q, want %q", got, tt.errorText)
			}
			for _, c := range tt.causes {
				if !errors.Is(tt.err, c) {
					t.Errorf("errors.Is(%v): got false, want true", c)
				}
			}
			if tt.causes == nil && tt.err.Err != nil {
				t.Errorf("Err: got %v, want nil", tt.err.Err)
			}
			for _, c := range tt.causes {
				_, desc := Describe(tt.err.StatusCode(), tt.err)
				if strings.Contains(desc, c.Error()) {
					t.Errorf("Describe: %q shows the cause %q", desc, c)
				}
			}
		})
	}
	if got, want := WrapError(500, sentinel, "lookup failed").Error(), "lookup failed: not found in store"; got != want {
		t.Errorf("Error(): got %q, want %q", got, want)
	}
	var zero Error
	if zero.StatusCode() != 500 || zero.Name() != "internal_server_error" || zero.Error() != "Internal Server Error" {
		t.Errorf("zero Error: got %d %q %q", zero.StatusCode(), zero.Name(), zero.Error())
	}
}

// TestErrorfCauseNeverReachesClient writes a 500 made with Errorf and a
// %w-wrapped cause, in both error formats: the body has the public message
// and never the cause's text.
func TestErrorfCauseNeverReachesClient(t *testing.T) {
	t.Parallel()
	dbErr := errors.New("pq: password authentication failed for user \"app\" at 10.0.0.5:5432")
	for _, ew := range []ErrorWriter{JSONErrors{}, ProblemErrors{}} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/stuff", nil)
		ew.WriteError(w, r, 500, Errorf(500, "loading stuff: %w", dbErr))
		if body := w.Body.String(); strings.Contains(body, "pq:") || !strings.Contains(body, "loading stuff") {
			t.Errorf("%T: body %q: want the public message without the cause", ew, body)
		}
	}
}

// fieldsErr returns a 422 listing two invalid values, written as fieldsJSON.
func fieldsErr() *Error {
	return &Error{Status: 422, Message: "2 invalid values", Fields: []FieldError{
		{Path: "body.name", Rule: "maxLength", Message: "must be at most 100 characters"},
		{Path: "query.limit", Rule: "maximum", Message: "must be at most 50"},
	}}
}

const fieldsJSON = `{"path":"body.name","rule":"maxLength","message":"must be at most 100 characters"},` +
	`{"path":"query.limit","rule":"maximum","message":"must be at most 50"}`

func TestWriteError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		writer ErrorWriter
		accept string
		id     string
		status int
		err    error
		code   int
		ctype  string
		body   string
	}{
		{"JSON", nil, "", "", 0, NewError(404, "no such stuff"), 404, "application/json",
			`{"error":"not_found","description":"no such stuff"}` + "\n"},
		{"JSON with request ID", nil, "application/json", "req-1", 0, errors.New("secret"), 500, "application/json",
			`{"error":"internal_server_error","description":"Internal Server Error","request_id":"req-1"}` + "\n"},
		{"plain text", nil, "text/html", "", 400, errors.New("bad limit"), 400, "text/plain; charset=utf-8",
			"bad_request: bad limit\n"},
		{"problem", ProblemErrors{}, "application/problem+json", "r", 0, NewError(409, "taken"), 409, "application/problem+json",
			`{"type":"about:blank","title":"Conflict","status":409,"detail":"taken","error":"conflict","request_id":"r"}` + "\n"},
		{"problem to a JSON client", ProblemErrors{Type: "https://t.test/p"}, "application/json", "", 0, NewError(409, "taken"), 409, "application/json",
			`{"type":"https://t.test/p","title":"Conflict","status":409,"detail":"taken","error":"conflict"}` + "\n"},
		{"problem to a text client", ProblemErrors{}, "text/plain", "", 0, NewError(409, "taken"), 409, "text/plain; charset=utf-8",
			"conflict: taken\n"},
		{"no body for 304", nil, "", "", 304, nil, 304, "application/json", ""},
		{"JSON with fields", nil, "", "", 0, fieldsErr(), 422, "application/json",
			`{"error":"unprocessable_entity","description":"2 invalid values","fields":[` + fieldsJSON + `]}` + "\n"},
		{"wrapped fields", nil, "", "", 0, fmt.Errorf("x: %w", fieldsErr()), 422, "application/json",
			`{"error":"unprocessable_entity","description":"2 invalid values","fields":[` + fieldsJSON + `]}` + "\n"},
		{"problem with fields", ProblemErrors{}, "", "", 0, fieldsErr(), 422, "application/problem+json",
			`{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"2 invalid values","error":"unprocessable_entity","fields":[` + fieldsJSON + `]}` + "\n"},
		{"a decoded error's request ID is not written", nil, "", "", 0, &Error{Status: 404, Message: "gone", RequestID: "downstream-1"}, 404, "application/json",
			`{"error":"not_found","description":"gone"}` + "\n"},
		{"the request's own ID is written instead", ProblemErrors{}, "", "mine", 0, &Error{Status: 404, Message: "gone", RequestID: "downstream-1"}, 404, "application/problem+json",
			`{"type":"about:blank","title":"Not Found","status":404,"detail":"gone","error":"not_found","request_id":"mine"}` + "\n"},
		{"no fields in plain text", nil, "text/plain", "", 0, fieldsErr(), 422, "text/plain; charset=utf-8",
			"unprocessable_entity: 2 invalid values\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Accept", tt.accept)
			ctx := r.Context()
			if tt.writer != nil {
				ctx = ContextWithErrorWriter(ctx, tt.writer)
			}
			if tt.id != "" {
				ctx = ContextWithRequestID(ctx, tt.id)
			}
			w := httptest.NewRecorder()
			w.Header().Set("Content-Length", "99")
			WriteError(w, r.WithContext(ctx), tt.status, tt.err)
			if w.Code != tt.code || w.Header().Get("Content-Type") != tt.ctype || w.Body.String() != tt.body {
				t.Errorf("got %d %q %q, want %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body, tt.code, tt.ctype, tt.body)
			}
			if w.Header().Get("Content-Length") != "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("headers: got %v, want no Content-Length and nosniff", w.Header())
			}
		})
	}
}

func TestSnakeCase(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Not Found":                  "not_found",
		"I'm a teapot":               "im_a_teapot",
		"NotFound":                   "not_found",
		"validator.Errors":           "validator_errors",
		"HTTP Version Not Supported": "http_version_not_supported",
		"Request-URI Too Long":       "request_uri_too_long",
		"":                           "",
		"v2Error":                    "v2_error",
	}
	for in, want := range tests {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q): got %q, want %q", in, got, want)
		}
	}
}

// TestStatusNameMatchesSnakeCase checks the names statusName knows by heart
// against snakeCase of the status text, for every status.
func TestStatusNameMatchesSnakeCase(t *testing.T) {
	for status := 100; status < 600; status++ {
		want := snakeCase(http.StatusText(status))
		if want == "" {
			want = "error"
		}
		if got := statusName(status); got != want {
			t.Errorf("statusName(%d): got %q, want %q", status, got, want)
		}
	}
}

// TestSnakeCaseOfSnakeCase checks that a name already in snake_case comes
// back as it is, and that near misses are still converted.
func TestSnakeCaseOfSnakeCase(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"not_found", "not_found"},
		{"client_closed_request", "client_closed_request"},
		{"e2e", "e2e"},
		{"_lead", "lead"},
		{"trail_", "trail"},
		{"double__under", "double_under"},
		{"NotFound", "not_found"},
		{"", ""},
	} {
		if got := snakeCase(tc.in); got != tc.want {
			t.Errorf("snakeCase(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
