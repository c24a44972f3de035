package proxy

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
)

// BenchmarkServeHTTP measures a proxied GET to a loopback backend, straight
// into the handler, beside httputil.ReverseProxy with the same pooled
// transport and buffer pool and nothing else: the cost of what Proxy adds
// (balancing, retries, stats, request ID, header hygiene). The loopback
// backend runs in the same process, so the times include it.
func BenchmarkServeHTTP(b *testing.B) {
	be := httptest.NewServer(ok)
	defer be.Close()
	p, err := New([]string{be.URL}, metricsRegistry())
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	u, _ := url.Parse(be.URL)
	bare := &httputil.ReverseProxy{
		Rewrite:    func(pr *httputil.ProxyRequest) { pr.SetURL(u); pr.SetXForwarded() },
		Transport:  p.transport,
		BufferPool: &bufferPool{},
	}
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"proxy", p}, {"reverseproxy", bare}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					w := httptest.NewRecorder()
					c.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
					if w.Code != http.StatusOK {
						b.Errorf("got %d", w.Code)
					}
				}
			})
		})
	}
}
