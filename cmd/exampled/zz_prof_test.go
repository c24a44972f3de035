package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
)

func BenchmarkProfGet(b *testing.B) {
	store := benchStore(b)
	log := zerolog.New(io.Discard).With().Timestamp().Logger()
	h := newAPI(apiOptions{store: store, log: log, registry: metrics.NewRegistry(), auth: testAuth})
	bare := bareGet(b)
	_ = time.Now
	for _, c := range []struct{ name string; h interface{ ServeHTTP(w http.ResponseWriter, r *http.Request) } }{{"bare", bare}, {"full", h}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r := httptest.NewRequest("GET", "/1.0/stuff/1", nil)
				w := httptest.NewRecorder()
				c.h.ServeHTTP(w, r)
			}
		})
	}
}
