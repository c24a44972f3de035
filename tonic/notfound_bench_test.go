package tonic

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// headerWriter is a ResponseWriter that keeps only its header, cleared
// before each request, so that a benchmark counts the handler's own work.
type headerWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *headerWriter) Header() http.Header         { return w.h }
func (w *headerWriter) WriteHeader(status int)      { w.status = status }
func (w *headerWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// BenchmarkNotFound is the JSON 404 of a mux (issue 9's target: at most
// 500 ns and 3 allocations): a GET that matches no route, with and
// without a request ID in the record, answered with the JSON error body.
func BenchmarkNotFound(b *testing.B) {
	m := NewTrieServeMux()
	for _, p := range []string{"/users/{id}", "/users/{id}/posts", "/repos/{owner}/{repo}"} {
		m.Handle("GET", p, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	}
	for _, c := range []struct {
		name string
		req  func() *http.Request
	}{
		{"bare", func() *http.Request { return httptest.NewRequest("GET", "/no/such/route", nil) }},
		{"record", func() *http.Request {
			r, _ := WithRecord(httptest.NewRequest("GET", "/no/such/route", nil),
				func(*http.Request, time.Time) string { return "d5v0aq1ksduaa2g2rfjg" })
			return r
		}},
	} {
		r := c.req()
		r.Header.Set("Accept", "application/json")
		w := &headerWriter{h: http.Header{}}
		b.Run("request="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				clear(w.h)
				m.ServeHTTP(w, r)
			}
			if w.status != http.StatusNotFound {
				b.Fatalf("got status %d, want 404", w.status)
			}
		})
	}
}
