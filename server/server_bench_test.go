package server

import (
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

// benchServer returns the handler of the benchmarks, which sets its status
// and writes a small JSON body, and a Server for it.
func benchServer(b *testing.B) (http.Handler, *Server) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tonic.SetRequestStatus(r.Context(), "working")
		io.WriteString(w, `{"ok":true}`)
	})
	log, _ := newLogger()
	s, err := New(h, log, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() }) // stops what Serve started (the sampler)
	return h, s
}

// BenchmarkServerRoundTrip compares a GET over a keep-alive loopback
// connection served by a bare http.Server with the same served by Server,
// whose tables and request context are what it adds.
func BenchmarkServerRoundTrip(b *testing.B) {
	h, s := benchServer(b)
	for _, bc := range []struct {
		name  string
		serve func(net.Listener) error
	}{
		{"net-http", (&http.Server{Handler: h}).Serve},
		{"tonic", func(ln net.Listener) error { return s.Serve(ln) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			go bc.serve(ln)
			defer ln.Close()
			tr := &http.Transport{MaxIdleConnsPerHost: 64}
			defer tr.CloseIdleConnections()
			c := &http.Client{Transport: tr}
			url := "http://" + ln.Addr().String() + "/stuff/1"
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := c.Get(url)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		})
	}
}
