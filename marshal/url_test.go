package marshal_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Behind tonic's server, a function of Tiger Tonic's *url.URL shape gets
// the absolute URL the client asked for, over HTTP and HTTPS, with the
// namespace prefix, while r.URL stays as net/http made it.
func TestURLIsAbsoluteBehindServer(t *testing.T) {
	t.Parallel()
	link := func(u *url.URL, _ http.Header) (int, http.Header, map[string]string, error) {
		return 0, nil, map[string]string{"self": u.String(), "path": u.Path}, nil
	}
	api := tonic.NewTrieServeMux()
	api.Handle("GET", "/stuff/{id}", marshal.Marshaled(link))
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/1.0", api)
	mux.HandleFunc("GET", "/raw", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.URL.String()) // net/http's own: no scheme, no host
	})

	srv, err := server.New(mux, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	serverTLS, clientTLS := testCert(t)
	plain, secure := listen(t), server.TLSListener(listen(t), serverTLS)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(plain, secure) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; !errors.Is(err, server.ErrServerClosed) {
			t.Errorf("Serve: got %v, want ErrServerClosed", err)
		}
	})
	tr := &http.Transport{TLSClientConfig: clientTLS}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}

	tests := []struct {
		name, base string
	}{
		{"http", "http://" + plain.Addr().String()},
		{"https", "https://" + secure.Addr().String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]string
			getJSON(t, client, tt.base+"/1.0/stuff/7?x=1", &got)
			if want := tt.base + "/1.0/stuff/7?x=1"; got["self"] != want || got["path"] != "/1.0/stuff/7" {
				t.Errorf("got %v, want self %q and path /1.0/stuff/7", got, want)
			}
			res, err := client.Get(tt.base + "/raw")
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if string(raw) != "/raw" {
				t.Errorf("got r.URL %q, want /raw (net/http's, untouched)", raw)
			}
		})
	}
}

// listen returns a listener on a free port of 127.0.0.1.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// testCert returns a server TLS configuration with httptest's certificate
// and a client configuration that trusts it.
func testCert(t *testing.T) (srv, client *tls.Config) {
	t.Helper()
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.StartTLS()
	defer ts.Close()
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	return &tls.Config{Certificates: ts.TLS.Certificates}, &tls.Config{RootCAs: pool}
}

// getJSON GETs url and decodes its 200 JSON body into v.
func getJSON(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: got %d %s, want 200", url, res.StatusCode, b)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
