package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
)

// benchWriter is a ResponseWriter that keeps nothing, so a benchmark
// measures the middleware rather than a recorder.
type benchWriter struct{ h http.Header }

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *benchWriter) WriteHeader(int)             {}

// BenchmarkStack is the realistic stack of the issue around a no-op
// handler: RequestID, Logged to io.Discard (with timestamps), Counted,
// Timed and Recovered. bench/middleware runs the same stack beside chi's and
// gin's.
func BenchmarkStack(b *testing.B) {
	reg := metrics.NewRegistry()
	logger := zerolog.New(io.Discard).With().Timestamp().Logger()
	h := Chain(
		RequestID(),
		Logged(logger, LogOptions{}),
		Counted(reg, "requests"),
		Timed(reg, "latency"),
		Recovered(logger),
	)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := httptest.NewRequest("GET", "/users/42", nil)
	w := &benchWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.ServeHTTP(w, r)
	}
}

// BenchmarkEach times each middleware alone around a no-op handler, and
// the hardening steps on the request path: Logged with a query whose
// secret it masks, and CrossOrigin on a read and on a same-origin write.
func BenchmarkEach(b *testing.B) {
	reg := metrics.NewRegistry()
	logger := zerolog.New(io.Discard).With().Timestamp().Logger()
	for _, m := range []struct {
		name   string
		mw     Middleware
		method string
		target string
	}{
		{"RequestID", RequestID(), "GET", "/users/42"},
		{"Logged", Logged(logger, LogOptions{}), "GET", "/users/42"},
		{"LoggedQuerySecret", Logged(logger, LogOptions{}), "GET", "/users/42?fields=name&access_token=abc"},
		{"Counted", Counted(reg, "c"), "GET", "/users/42"},
		{"CountedPerRoute", Counted(reg, ""), "GET", "/users/42"},
		{"Timed", Timed(reg, "t"), "GET", "/users/42"},
		{"CountedByStatus", CountedByStatus(reg, "s"), "GET", "/users/42"},
		{"Recovered", Recovered(logger), "GET", "/users/42"},
		{"WithContext", WithContext[struct{ A int }](), "GET", "/users/42"},
		{"CrossOriginRead", CrossOrigin(), "GET", "/users/42"},
		{"CrossOriginWrite", CrossOrigin(), "POST", "/users/42"},
	} {
		h := m.mw(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		r := httptest.NewRequest(m.method, m.target, nil)
		if m.method != "GET" {
			r.Header.Set("Sec-Fetch-Site", "same-origin")
		}
		w := &benchWriter{h: http.Header{}}
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				h.ServeHTTP(w, r)
			}
		})
	}
}
