package marshal_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// thing is the request and response body of most tests.
type thing struct {
	Name  string         `json:"name"`
	Count int            `json:"count"`
	Items []item         `json:"items,omitempty"`
	Tags  map[string]int `json:"tags,omitempty"`
	Extra any            `json:"extra,omitempty"`
	When  *stamp         `json:"when,omitempty"`
}

type item struct {
	Name string `json:"name"`
	Size uint8  `json:"size"`
}

// stamp decodes itself from JSON.
type stamp struct{ s string }

func (s *stamp) UnmarshalJSON(b []byte) error { s.s = string(b); return nil }
func (s stamp) MarshalJSON() ([]byte, error)  { return []byte(s.s), nil }

// echo returns its request.
func echo(_ context.Context, in *thing) (*thing, error) { return in, nil }

// request builds a request; hdr holds name, value pairs.
func request(method, target, body string, hdr ...string) *http.Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	return r
}

// bodyless builds a request without a body; "" means GET, or no Accept.
func bodyless(method, accept string) *http.Request {
	if method == "" {
		method = http.MethodGet
	}
	r := request(method, "/", "")
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	return r
}

// serve serves r with h and returns the recorder.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// wantResponse checks the status and that the body contains want.
func wantResponse(t *testing.T, w *httptest.ResponseRecorder, status int, want string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("got status %d (%s), want %d", w.Code, w.Body.String(), status)
	}
	if !strings.Contains(w.Body.String(), want) {
		t.Fatalf("got body %q, want it to contain %q", w.Body.String(), want)
	}
}
