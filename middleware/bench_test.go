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

// BenchmarkEach times each middleware alone around a no-op handler.
func BenchmarkEach(b *testing.B) {
	reg := metrics.NewRegistry()
	logger := zerolog.New(io.Discard).With().Timestamp().Logger()
	for _, m := range []struct {
		name string
		mw   Middleware
	}{
		{"RequestID", RequestID()},
		{"Logged", Logged(logger, LogOptions{})},
		{"Counted", Counted(reg, "c")},
		{"CountedPerRoute", Counted(reg, "")},
		{"Timed", Timed(reg, "t")},
		{"CountedByStatus", CountedByStatus(reg, "s")},
		{"Recovered", Recovered(logger)},
		{"WithContext", WithContext[struct{ A int }]()},
	} {
		h := m.mw(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		r := httptest.NewRequest("GET", "/users/42", nil)
		w := &benchWriter{h: http.Header{}}
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				h.ServeHTTP(w, r)
			}
		})
	}
}
