package middleware

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestMaxBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      string
		unknownCL bool
		want      int
		wantBody  string
	}{
		{name: "within the limit", body: "12345", want: 200, wantBody: "read 5"},
		{name: "declared too large is refused up front", body: "123456", want: 413,
			wantBody: `{"error":"request_entity_too_large","description":"request body is larger than 5 bytes"}` + "\n"},
		{name: "undeclared too large fails the read", body: "123456", unknownCL: true, want: 413,
			wantBody: "too large"},
		{name: "no body", want: 200, wantBody: "read 0"},
	}
	h := MaxBytes(5)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = io.WriteString(w, "too large")
			return
		}
		_, _ = io.WriteString(w, "read "+strconv.Itoa(len(b)))
	}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			r := httptest.NewRequest("POST", "/", body)
			if tt.unknownCL {
				r.ContentLength = -1
			}
			rec := serve(h, r)
			if rec.Code != tt.want || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.want, tt.wantBody)
			}
		})
	}
}

func TestMaxBytesClosesTheConnectionOnARealServer(t *testing.T) {
	t.Parallel()
	h := MaxBytes(4)(Recovered(zerologNop())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
		}
	})))
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL, io.NopCloser(strings.NewReader(strings.Repeat("x", 1<<16))))
	req.ContentLength = -1 // chunked: the limit is hit while reading
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 413 || !res.Close {
		t.Errorf("got %d close=%v, want 413 with the connection closed", res.StatusCode, res.Close)
	}
}

func TestMaxBytesConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "MaxBytes(-1): negative limit", func() { MaxBytes(-1) })
}
