package middleware_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
	"github.com/rs/zerolog/hlog"

	"github.com/seed78c03fa0/tonic/admin"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// lockedBuffer collects log lines written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestForeignMiddlewareKeepsTheRoute: middleware from elsewhere that
// replaces the request (hlog.NewHandler, a plain r.WithContext, r.Clone)
// sits between Logged, Counted and Timed and the mux, behind a real server.
// The route, namespace prefix included, still reaches the metric names, the
// log line and the admin's /debug/requests while the request runs.
func TestForeignMiddlewareKeepsTheRoute(t *testing.T) {
	type key struct{}
	withValue := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, "v")))
		})
	}
	cloning := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.Clone(r.Context()))
		})
	}
	tests := []struct {
		name    string
		foreign []middleware.Middleware
	}{
		{"none", nil},
		{"hlog.NewHandler", []middleware.Middleware{hlog.NewHandler(zerolog.Nop())}},
		{"r.WithContext", []middleware.Middleware{withValue}},
		{"r.Clone", []middleware.Middleware{cloning}},
		{"all of them", []middleware.Middleware{hlog.NewHandler(zerolog.Nop()), withValue, cloning}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := metrics.NewRegistry()
			var logs lockedBuffer
			entered, release := make(chan struct{}), make(chan struct{})
			v1 := tonic.NewTrieServeMux()
			v1.HandleFunc("GET", "/stuff/{id}", func(w http.ResponseWriter, r *http.Request) {
				close(entered)
				<-release
				io.WriteString(w, r.PathValue("id"))
			})
			mux := tonic.NewTrieServeMux()
			mux.HandleNamespace("/1.0", v1)
			stack := append([]middleware.Middleware{
				middleware.Logged(zerolog.New(&logs)),
				middleware.Counted(reg, ""),
				middleware.Timed(reg, ""),
			}, tt.foreign...)
			api, addr := startAPI(t, middleware.Chain(stack...)(mux))
			adminHandler, err := admin.New(reg, admin.Options{Servers: []*server.Server{api}})
			if err != nil {
				t.Fatal(err)
			}
			adm := httptest.NewServer(adminHandler)
			defer adm.Close()

			done := make(chan string, 1)
			go func() {
				res, err := http.Get("http://" + addr + "/1.0/stuff/7")
				if err != nil {
					done <- err.Error()
					return
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				done <- string(b)
			}()
			<-entered
			var inflight []struct{ Route string }
			res, err := http.Get(adm.URL + "/debug/requests")
			if err == nil {
				err = json.NewDecoder(res.Body).Decode(&inflight)
				res.Body.Close()
			}
			close(release)
			if body := <-done; body != "7" {
				t.Fatalf("GET /1.0/stuff/7: got %q, want 7", body)
			}
			const route = "GET /1.0/stuff/{id}"
			if err != nil || len(inflight) != 1 || inflight[0].Route != route {
				t.Errorf("/debug/requests: got %+v (%v), want one request with route %q", inflight, err, route)
			}
			if c, ok := reg.Get(route + ".count").(metrics.Counter); !ok || c.Count() != 1 {
				t.Errorf("counter %q: got %v, want 1", route+".count", reg.Get(route+".count"))
			}
			if tm, ok := reg.Get(route + ".timer").(metrics.Timer); !ok || tm.Count() != 1 {
				t.Errorf("timer %q: got %v, want 1 request timed", route+".timer", reg.Get(route+".timer"))
			}
			if !strings.Contains(logs.String(), `"route":"`+route+`"`) {
				t.Errorf("log got %s, want the route in it", logs.String())
			}
		})
	}
}

// startAPI serves h with a server.Server on a loopback port until the test
// ends, and returns the server and its address.
func startAPI(t *testing.T, h http.Handler) (*server.Server, string) {
	t.Helper()
	s, err := server.New(h, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		<-served
		http.DefaultClient.CloseIdleConnections()
	})
	return s, ln.Addr().String()
}
