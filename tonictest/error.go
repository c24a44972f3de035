package tonictest

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Error checks that rec holds a tonic error response with the given
// status: a JSON error body (tonic.JSONErrors) or an RFC 9457 problem
// (tonic.ProblemErrors) with an "error" code, and, when path is not "", one
// that names the value at path ("body.name", "query.limit"): an entry of
// its "fields" with that path, or a description that starts with it, as
// marshal's messages do ("body.name: got number, want a string"). It
// reports each mismatch with t.Error and returns the error as package
// client decodes it (see client.ParseError), for further checks.
func Error(t testing.TB, rec *httptest.ResponseRecorder, status int, path string) *tonic.Error {
	t.Helper()
	body := strings.TrimSpace(rec.Body.String())
	e := client.ParseError(rec.Code, rec.Header(), rec.Body.Bytes())
	if rec.Code != status {
		t.Errorf("tonictest: got status %d, want %d; body %s", rec.Code, status, body)
	}
	if ct := rec.Header().Get("Content-Type"); !isJSON(ct) || e.Code == "" {
		t.Errorf("tonictest: got a %q body %s, want a JSON error body with an \"error\" code", ct, body)
		return e
	}
	if path != "" && !names(e, path) {
		t.Errorf("tonictest: the error names no %s: %s", path, body)
	}
	return e
}

// names reports whether e is about the value at path.
func names(e *tonic.Error, path string) bool {
	for _, f := range e.Fields {
		if f.Path == path {
			return true
		}
	}
	rest, ok := strings.CutPrefix(e.Message, path)
	return ok && (rest == "" || rest[0] == ':' || rest[0] == ' ')
}
