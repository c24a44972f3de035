package tonictest_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
	"github.com/seed78c03fa0/tonic/tonictest"
)

func TestNewServer(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		tls    bool
		scheme string
	}{{"HTTP", false, "http://127.0.0.1:"}, {"HTTPS", true, "https://127.0.0.1:"}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var s *tonictest.Server
			r := record(t, func(t testing.TB, _ *recorder) {
				s = tonictest.NewServer(t, testAPI(), tonictest.ServerOptions{TLS: tt.tls})
				if !strings.HasPrefix(s.URL, tt.scheme) || (s.CertPool != nil) != tt.tls {
					t.Errorf("got URL %s and pool %v, want %s...", s.URL, s.CertPool, tt.scheme)
				}
				c := s.Client(t, client.Options{Header: auth})
				ctx := tonic.ContextWithRequestID(context.Background(), "e2e-1")
				if got, err := client.Call[Item](ctx, c, "POST /items", &newItem{Name: "wire"}); err != nil || got.Name != "wire" {
					t.Errorf("POST: got %+v, %v", got, err)
				}
				_, err := client.Call[Item](ctx, c, "GET /items/{id}", &getItem{ID: "9"})
				var e *tonic.Error
				if !errors.As(err, &e) || e.Status != 404 || e.RequestID != "e2e-1" {
					t.Errorf("GET: got %v, want a 404 with the request ID", err)
				}
				if !s.Server.Ready() {
					t.Error("the server is not ready")
				}
			})
			r.wantErrors(t)
			if s.Server.Ready() {
				t.Error("after the test: the server is still ready, want it shut down")
			}
			if conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimPrefix(s.URL, "https://"), "http://")); err == nil {
				conn.Close()
				t.Error("after the test: the port still accepts connections")
			}
		})
	}
}
