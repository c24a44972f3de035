package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestNewServerOptions(t *testing.T) {
	leakCheck(t)
	conns := defaultMaxConnections(fileLimit())
	inFlight := defaultMaxInFlight(conns)
	tests := []struct {
		name    string
		opts    Options
		want    Options // the resolved options
		wantErr string
	}{
		{
			name: "zero value gives the safe defaults",
			want: Options{Name: "http", ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
				WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
				GracePeriod: 25 * time.Second, MaxConnections: conns, MaxInFlight: inFlight, RetryAfter: time.Second},
		},
		{
			name: "values given are kept",
			opts: Options{Name: "api", ReadHeaderTimeout: time.Second, ReadTimeout: 2 * time.Second,
				WriteTimeout: 3 * time.Second, IdleTimeout: 4 * time.Second, MaxHeaderBytes: 1000,
				GracePeriod: 5 * time.Second, ShutdownDelay: 6 * time.Second,
				MaxConnections: 100, MaxInFlight: 10, RetryAfter: 3 * time.Second},
			want: Options{Name: "api", ReadHeaderTimeout: time.Second, ReadTimeout: 2 * time.Second,
				WriteTimeout: 3 * time.Second, IdleTimeout: 4 * time.Second, MaxHeaderBytes: 1000,
				GracePeriod: 5 * time.Second, ShutdownDelay: 6 * time.Second,
				MaxConnections: 100, MaxInFlight: 10, RetryAfter: 3 * time.Second},
		},
		{
			name: "NoTimeout turns a timeout off for net/http",
			opts: Options{ReadTimeout: NoTimeout, WriteTimeout: NoTimeout, IdleTimeout: -time.Second},
			want: Options{Name: "http", ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 64 << 10,
				GracePeriod: 25 * time.Second, MaxConnections: conns, MaxInFlight: inFlight, RetryAfter: time.Second},
		},
		{
			name: "NoLimit turns the limits off",
			opts: Options{MaxConnections: NoLimit, MaxInFlight: -5},
			want: Options{Name: "http", ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
				WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
				GracePeriod: 25 * time.Second, RetryAfter: time.Second},
		},
		{
			name: "the default MaxInFlight is at most MaxConnections",
			opts: Options{MaxConnections: 3},
			want: Options{Name: "http", ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
				WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
				GracePeriod: 25 * time.Second, MaxConnections: 3, MaxInFlight: 3, RetryAfter: time.Second},
		},
		{
			name:    "no timeouts at all is refused",
			opts:    Options{ReadHeaderTimeout: NoTimeout, ReadTimeout: NoTimeout, WriteTimeout: NoTimeout, IdleTimeout: NoTimeout},
			wantErr: "turn off both ReadHeaderTimeout and ReadTimeout",
		},
		{
			name:    "unbounded header reads are refused",
			opts:    Options{ReadHeaderTimeout: NoTimeout, ReadTimeout: NoTimeout},
			wantErr: "slowloris",
		},
		{name: "negative MaxHeaderBytes", opts: Options{MaxHeaderBytes: -1}, wantErr: "MaxHeaderBytes is -1"},
		{name: "negative GracePeriod", opts: Options{GracePeriod: -time.Second}, wantErr: "GracePeriod is -1s"},
		{name: "negative ShutdownDelay", opts: Options{ShutdownDelay: -time.Second}, wantErr: "ShutdownDelay is -1s"},
		{name: "negative RetryAfter", opts: Options{RetryAfter: -time.Second}, wantErr: "RetryAfter is -1s"},
	}
	log, _ := newLogger()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(http.NotFoundHandler(), log, tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Options(); got != tt.want {
				t.Errorf("got options %+v, want %+v", got, tt.want)
			}
			hs := s.http
			got := Options{Name: s.name, ReadHeaderTimeout: hs.ReadHeaderTimeout, ReadTimeout: hs.ReadTimeout,
				WriteTimeout: hs.WriteTimeout, IdleTimeout: hs.IdleTimeout, MaxHeaderBytes: hs.MaxHeaderBytes,
				GracePeriod: tt.want.GracePeriod, ShutdownDelay: tt.want.ShutdownDelay,
				MaxConnections: s.conns.limit, MaxInFlight: tt.want.MaxInFlight, RetryAfter: tt.want.RetryAfter}
			if got != tt.want {
				t.Errorf("got http.Server with %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNewServerRefusesNil(t *testing.T) {
	leakCheck(t)
	log, _ := newLogger()
	if _, err := New(nil, log, Options{}); err == nil || !strings.Contains(err.Error(), "nil http.Handler") {
		t.Errorf("nil handler: got %v, want an error naming the handler", err)
	}
	if _, err := New(http.NotFoundHandler(), log, Options{}, Options{}); err == nil || !strings.Contains(err.Error(), "2 Options") {
		t.Errorf("two Options: got %v, want an error naming them", err)
	}
}

// TestServeListeners serves a plain listener, a TLSListener and a caller's
// tls.NewListener side by side.
func TestServeListeners(t *testing.T) {
	leakCheck(t)
	serverTLS, clientTLS := testTLS(t)
	s, _ := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s tls=%t", r.Proto, r.TLS != nil)
	}), Options{})
	callerTLS := serverTLS.Clone()
	callerTLS.NextProtos = []string{"http/1.1"}
	lns := []net.Listener{listen(t), TLSListener(listen(t), serverTLS), tls.NewListener(listen(t), callerTLS)}
	serveOn(t, s, lns...)

	addrs := s.Addrs()
	if len(addrs) != len(lns) {
		t.Fatalf("got %d addresses, want %d", len(addrs), len(lns))
	}
	c := newClient(t, clientTLS)
	tests := []struct{ name, url, want string }{
		{"plain", "http://" + addrs[0].String(), "HTTP/1.1 tls=false"},
		{"TLSListener offers HTTP/2", "https://" + addrs[1].String(), "HTTP/2.0 tls=true"},
		{"caller's TLS listener", "https://" + addrs[2].String(), "HTTP/1.1 tls=true"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := addrs[i].String(), lns[i].Addr().String(); got != want {
				t.Errorf("got address %s, want %s", got, want)
			}
			status, body, err := get(t, c, tt.url, "")
			if err != nil || status != http.StatusOK || body != tt.want {
				t.Errorf("got %d %q %v, want 200 %q", status, body, err, tt.want)
			}
		})
	}
}

func TestReady(t *testing.T) {
	leakCheck(t)
	s, _ := newTestServer(t, http.NotFoundHandler(), Options{})
	if s.Ready() {
		t.Error("Ready before Serve: got true, want false")
	}
	serveOn(t, s, listen(t)) // waits for Ready
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Ready() {
		t.Error("Ready after Shutdown: got true, want false")
	}
}

func TestServeAfterShutdown(t *testing.T) {
	leakCheck(t)
	s, _ := newTestServer(t, http.NotFoundHandler(), Options{})
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln := listen(t)
	if err := s.Serve(ln); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve after Shutdown: got %v, want ErrServerClosed", err)
	}
	if !dialRefused(ln.Addr().String()) {
		t.Error("Serve after Shutdown left its listener open")
	}
	if s.Ready() {
		t.Error("Ready: got true, want false")
	}
	if err := s.Serve(); err == nil {
		t.Error("Serve with no listener: got nil, want an error")
	}
}

// TestErrorWriterInBaseContext checks that the tonic.ErrorWriter of the options
// reaches every request.
func TestErrorWriterInBaseContext(t *testing.T) {
	leakCheck(t)
	tests := []struct {
		name string
		ew   tonic.ErrorWriter
		want string
	}{
		{"default", nil, "application/json"},
		{"problem+json", tonic.ProblemErrors{}, "application/problem+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, addr := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				tonic.WriteError(w, r, 0, tonic.NewError(http.StatusTeapot, "short and stout"))
			}), Options{ErrorWriter: tt.ew})
			resp, err := newClient(t, nil).Get("http://" + addr)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if got := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusTeapot || !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %d %q, want 418 %q", resp.StatusCode, got, tt.want)
			}
		})
	}
}

// TestRequestIDInContext checks that handlers find the request ID in their
// context: the client's, or a new one.
func TestRequestIDInContext(t *testing.T) {
	leakCheck(t)
	_, _, addr := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, tonic.RequestIDFrom(r.Context()))
	}), Options{})
	c := newClient(t, nil)
	_, body, err := get(t, c, "http://"+addr, "client-id-1")
	if err != nil || body != "client-id-1" {
		t.Errorf("with X-Request-ID: got %q %v, want client-id-1", body, err)
	}
	_, body, err = get(t, c, "http://"+addr, "")
	if err != nil || !tonic.ValidRequestID(body) || len(body) != 20 {
		t.Errorf("without X-Request-ID: got %q %v, want a new xid", body, err)
	}
}
