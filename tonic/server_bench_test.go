package tonic

import (
	"io"
	"net"
	"net/http"
	"testing"
)

// BenchmarkServerRoundTrip compares a GET over a keep-alive loopback
// connection served by a bare http.Server with the same served by Server,
// whose tables and request context are what it adds.
func BenchmarkServerRoundTrip(b *testing.B) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetRequestStatus(r.Context(), "working")
		io.WriteString(w, `{"ok":true}`)
	})
	log, _ := newLogger()
	s, err := NewServer(h, log, ServerOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		serve func(net.Listener) error
		stop  func() error
	}{
		{"net-http", (&http.Server{Handler: h}).Serve, nil},
		{"tonic", func(ln net.Listener) error { return s.Serve(ln) }, s.Close},
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
