package tonictest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

// Serve serves, through h, the request that package client sends for
// pattern and req (see NewRequest), as a server would hand it over: without
// a pattern or path values, so that h's mux matches it. It returns the
// recorder, whatever the answer. If the test fails, the request and the
// response are dumped in its log, with the Authorization header redacted.
func Serve(t testing.TB, h http.Handler, pattern string, req any, opts ...Options) *httptest.ResponseRecorder {
	t.Helper()
	r, body := request(t, pattern, req, opts)
	dump := dumpRequest(r, body)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("tonictest: %s\n%s\n%s", pattern, dump, dumpResponse(rec))
		}
	})
	return rec
}

// Do serves the request as Serve does and decodes the JSON body of the
// response into a new Resp; an empty body (204) leaves it the zero value.
// It fails the test at once (t.Fatal) if the status is not 2xx or the body
// is not JSON that decodes into Resp.
func Do[Resp any](t testing.TB, h http.Handler, pattern string, req any, opts ...Options) *Resp {
	t.Helper()
	rec := Serve(t, h, pattern, req, opts...)
	out := new(Resp)
	if err := decode(rec, out); err != nil {
		t.Fatalf("tonictest: %s: %v", pattern, err)
	}
	return out
}

// decode decodes a successful JSON response into out.
func decode(rec *httptest.ResponseRecorder, out any) error {
	if rec.Code < 200 || rec.Code > 299 {
		return fmt.Errorf("got %d %s, want 2xx", rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	if rec.Body.Len() == 0 {
		return nil
	}
	if ct := rec.Header().Get("Content-Type"); !isJSON(ct) {
		return fmt.Errorf("got a %d response of type %q, want application/json", rec.Code, ct)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		return fmt.Errorf("decoding the %d response into %T: %v", rec.Code, out, err)
	}
	return nil
}

// isJSON reports whether a Content-Type names JSON.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// dumpRequest writes a request for the log.
func dumpRequest(r *http.Request, body []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", r.Method, r.RequestURI)
	writeHeader(&b, "> ", r.Header)
	if len(body) > 0 {
		fmt.Fprintf(&b, ">\n> %s\n", body)
	}
	return b.String()
}

// dumpResponse writes a recorded response for the log.
func dumpResponse(rec *httptest.ResponseRecorder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "< %d %s\n", rec.Code, http.StatusText(rec.Code))
	writeHeader(&b, "< ", rec.Header())
	if rec.Body.Len() > 0 {
		fmt.Fprintf(&b, "<\n< %s\n", strings.TrimRight(rec.Body.String(), "\n"))
	}
	return b.String()
}

// writeHeader writes h sorted, one line per value, with credentials
// redacted.
func writeHeader(b *strings.Builder, prefix string, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			if k == "Authorization" || k == "Cookie" {
				v = "[redacted]"
			}
			fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
		}
	}
}
