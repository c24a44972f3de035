package tonictest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
	"github.com/seed78c03fa0/tonic/tonictest"
)

// auth is the header of the test API's writer.
var auth = http.Header{"Authorization": {client.BasicAuth("u", "p")}}

func TestDo(t *testing.T) {
	t.Parallel()
	api := testAPI()
	if got := tonictest.Do[Item](t, api, "GET /items/{id}", &getItem{ID: "1", Verbose: true}); *got != (Item{ID: "1", Name: "one, verbose true"}) {
		t.Errorf("GET: got %+v", got)
	}
	if got := tonictest.Do[Item](t, api, "POST /items", &newItem{Name: "two"}, tonictest.Options{Header: auth}); *got != (Item{ID: "2", Name: "two"}) {
		t.Errorf("POST: got %+v", got)
	}
}

// TestDoFails fails the test at once on an error answer, and dumps the
// exchange at the end, credentials redacted.
func TestDoFails(t *testing.T) {
	t.Parallel()
	api := testAPI()
	got := (*Item)(nil)
	r := record(t, func(t testing.TB, _ *recorder) {
		got = tonictest.Do[Item](t, api, "POST /items", &newItem{Name: "x"}, tonictest.Options{Header: http.Header{"Authorization": {client.BasicAuth("u", "wrong")}}})
	})
	if !r.fatal || got != nil {
		t.Fatalf("got %+v, fatal %v, want a fatal failure", got, r.fatal)
	}
	r.wantErrors(t, `tonictest: POST /items: got 401 {"error":"unauthorized"`)
	if len(r.logs) != 1 {
		t.Fatalf("got logs %q, want the dump", r.logs)
	}
	for _, want := range []string{"> POST /items\n", "> Authorization: [redacted]\n", "> Content-Type: application/json\n",
		"> {\"name\":\"x\"}\n", "< 401 Unauthorized\n", "< Www-Authenticate: Basic realm=\"test\""} {
		if !strings.Contains(r.logs[0], want) {
			t.Errorf("the dump lacks %q:\n%s", want, r.logs[0])
		}
	}
	if strings.Contains(r.logs[0], client.BasicAuth("u", "wrong")) {
		t.Errorf("the dump shows the credentials:\n%s", r.logs[0])
	}
}

// TestServeDumpsOnlyOnFailure logs nothing for a test that passes, and the
// exchange for one that fails later in its own checks.
func TestServeDumpsOnlyOnFailure(t *testing.T) {
	t.Parallel()
	api := testAPI()
	passing := record(t, func(t testing.TB, _ *recorder) {
		tonictest.Serve(t, api, "GET /items/{id}", &getItem{ID: "1"})
	})
	if len(passing.logs) != 0 || len(passing.errors) != 0 {
		t.Errorf("a passing test: got logs %q and errors %q, want none", passing.logs, passing.errors)
	}
	failing := record(t, func(t testing.TB, r *recorder) {
		tonictest.Serve(t, api, "GET /items/{id}", &getItem{ID: "1"})
		r.fail()
	})
	if len(failing.logs) != 1 || !strings.Contains(failing.logs[0], "> GET /items/1\n") || !strings.Contains(failing.logs[0], `< {"id":"1"`) {
		t.Errorf("a failing test: got logs %q, want the dump", failing.logs)
	}
}

func TestError(t *testing.T) {
	t.Parallel()
	api := testAPI()
	ctx := tonic.ContextWithRequestID(context.Background(), "t-1")
	tests := []struct {
		name    string
		pattern string
		req     any
		status  int
		path    string
		errors  []string
	}{
		{"status and code", "GET /items/{id}", &getItem{ID: "9"}, 404, "", nil},
		{"a field named in fields", "POST /items", &newItem{Name: "toolong"}, 422, "body.name", nil},
		{"a parameter named in the description", "GET /items/{id}", &struct {
			ID      string `path:"id"`
			Verbose string `query:"verbose"`
		}{ID: "1", Verbose: "maybe"}, 400, "query.verbose", nil},
		{"the wrong status", "GET /items/{id}", &getItem{ID: "9"}, 400, "", []string{"tonictest: got status 404, want 400"}},
		{"the wrong field", "POST /items", &newItem{Name: "toolong"}, 422, "body.other", []string{"tonictest: the error names no body.other"}},
		{"a prefix of a name is not the name", "POST /items", &newItem{Name: "toolong"}, 422, "body.nam", []string{"names no body.nam"}},
		{"no error at all", "GET /items/{id}", &getItem{ID: "1"}, 404, "", []string{"tonictest: got status 200, want 404",
			`want a JSON error body with an "error" code`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var e *tonic.Error
			r := record(t, func(t testing.TB, _ *recorder) {
				rec := tonictest.Serve(t, api, tt.pattern, tt.req, tonictest.Options{Header: auth, Context: ctx})
				e = tonictest.Error(t, rec, tt.status, tt.path)
			})
			r.wantErrors(t, tt.errors...)
			if tt.errors == nil && (e == nil || e.RequestID != "t-1") {
				t.Errorf("got %+v, want the error with the request ID t-1", e)
			}
		})
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	h := tonictest.Header(http.Header{"X-Token": {"t"}, "Accept": {"application/problem+json"}})
	want := http.Header{"Accept": {"application/problem+json"}, "Content-Type": {"application/json"}, "X-Token": {"t"}}
	if len(h) != len(want) || h.Get("Accept") != want.Get("Accept") || h.Get("Content-Type") != want.Get("Content-Type") || h.Get("X-Token") != "t" {
		t.Errorf("got %v, want %v", h, want)
	}
}
