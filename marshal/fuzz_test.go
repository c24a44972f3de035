package marshal_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seed78c03fa0/tonic/marshal"
)

// fuzzReq has a bit of everything: nested values, a map, an interface,
// parameters and a Validate method.
type fuzzReq struct {
	Name   string         `json:"name"`
	Count  int8           `json:"count"`
	Items  []item         `json:"items"`
	Tags   map[string]int `json:"tags"`
	Extra  any            `json:"extra"`
	Limit  *int           `query:"limit"`
	IDs    []uint16       `query:"id"`
	Since  string         `query:"since" required:"false"`
	Strict bool           `query:"strict"`
}

func (f *fuzzReq) Validate() error {
	if f.Count < 0 {
		return errors.New("count must not be negative")
	}
	return nil
}

// fuzzStatuses are the only statuses a fuzzed request may get.
func fuzzStatus(status int) bool {
	switch status {
	case 200, 400, 413, 415, 422:
		return true
	}
	return false
}

// checkFuzzResponse checks the status and that a 200 body is valid JSON.
func checkFuzzResponse(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	if !fuzzStatus(w.Code) {
		t.Fatalf("got status %d (%s), want 200, 400, 413, 415 or 422", w.Code, w.Body.String())
	}
	if w.Code == 200 && !json.Valid(w.Body.Bytes()) {
		t.Fatalf("got invalid JSON %q with 200", w.Body.String())
	}
}

func fuzzHandler() *marshal.Handler {
	return marshal.Typed(func(_ context.Context, in *fuzzReq) (*fuzzReq, error) { return in, nil }, marshal.Options{MaxBodyBytes: 512})
}

func FuzzBody(f *testing.F) {
	for _, seed := range []string{`{"name":"x","count":3}`, `{"items":[{"name":"a","size":2}],"tags":{"a":1}}`,
		`{"extra":{"a":[1,{"b":null}]}}`, `{"count":-1}`, `{"Name":"x"}`, `{"name":"x","name":"y"}`, `{"count":"3"}`,
		`{"count":300}`, `[]`, `null`, ``, `{`, `{"a":1} 2`, `"\u0000"`, strings.Repeat("[", 600),
		"{\"name\":\"a\xff\"}", `{"name":"\ud800"}`, `{"name":"\ud83d\ude00"}`, `{"tags":{"\udfff":1}}`} {
		f.Add([]byte(seed), uint8(0))
	}
	f.Add([]byte(`{}`), uint8(3))
	h := fuzzHandler()
	f.Fuzz(func(t *testing.T, body []byte, ctChoice uint8) {
		cts := []string{"application/json", "application/json; charset=utf-8", "application/x+json", "text/plain", ""}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
		if ct := cts[int(ctChoice)%len(cts)]; ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		w := serve(h, r)
		checkFuzzResponse(t, w)
		if w.Code == 200 && strings.ContainsRune(w.Body.String(), utf8.RuneError) &&
			!strings.Contains(string(body), "\uFFFD") && !strings.Contains(strings.ToLower(string(body)), `\ufffd`) {
			t.Fatalf("body %q was answered with U+FFFD in %q: a silent rewrite", body, w.Body.String())
		}
	})
}

func FuzzQuery(f *testing.F) {
	for _, seed := range []string{"limit=3", "id=1&id=2", "id=x", "limit=1&limit=2", "strict=maybe", "%zz", "a;b",
		"since=" + url.QueryEscape("2024-01-01T00:00:00Z"), "limit=99999999999999999999", ""} {
		f.Add(seed)
	}
	h := fuzzHandler()
	f.Fuzz(func(t *testing.T, rawQuery string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.RawQuery = rawQuery
		checkFuzzResponse(t, serve(h, r))
	})
}
