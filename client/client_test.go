package client_test

import (
	"context"
	cryptotls "crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tls"
	"github.com/seed78c03fa0/tonic/tonic"
)

func TestNewRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		base string
		opts []client.Options
		want string
	}{
		{"not a URL", "http://[::1", nil, "client: base URL: parse"},
		{"no scheme", "api.test:80", nil, `client: base URL "api.test:80": want an http or https URL`},
		{"ftp", "ftp://api.test", nil, "want an http or https URL"},
		{"no host", "http:///x", nil, `client: base URL "http:///x" has no host`},
		{"credentials", "https://u:p@api.test", nil, "client: the base URL carries credentials; send them in Options.Header"},
		{"query", "http://api.test/?a=1", nil, "has a query or a fragment"},
		{"two options", "http://api.test", []client.Options{{}, {}}, "client: New with 2 Options, want at most one"},
		{"HTTPClient and TLSConfig", "http://api.test", []client.Options{{HTTPClient: http.DefaultClient, TLSConfig: &cryptotls.Config{}}}, "both HTTPClient and TLSConfig"},
		{"negative retries", "http://api.test", []client.Options{{Retries: -1}}, "Options.Retries is -1"},
		{"negative backoff", "http://api.test", []client.Options{{RetryBackoff: -1}}, "must not be negative"},
		{"negative response limit", "http://api.test", []client.Options{{MaxResponseBytes: -1}}, "Options.MaxResponseBytes is -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := client.New(tt.base, tt.opts...)
			if c != nil || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, %v, want an error containing %q", c, err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), ":p@") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
	c, err := client.New("https://api.test/v2/")
	if err != nil || c.BaseURL() != "https://api.test/v2" {
		t.Errorf("got %v, %v, want the base https://api.test/v2", c, err)
	}
}

// TestPatternAndTypeMismatch rejects, at the first call and every later
// one, what the pattern and the request type cannot agree on, and sends
// nothing.
func TestPatternAndTypeMismatch(t *testing.T) {
	t.Parallel()
	var served atomic.Int32
	c := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served.Add(1) }))
	type textOnly struct {
		V unmarshalOnly `query:"v"`
	}
	type badTags struct {
		ID []string `path:"id"`
	}
	tests := []struct {
		name    string
		pattern string
		req     any
		want    string
	}{
		{"unbound wildcard", "GET /items/{id}/parts/{part}", &idRequest{ID: "1"},
			`client: GET /items/{id}/parts/{part} with *client_test.idRequest: wildcard {part} is bound by no field; want a field tagged path:"part"`},
		{"path field without its wildcard", "GET /items", &idRequest{ID: "1"}, `field ID is tagged path:"id", but the pattern has no wildcard {id}`},
		{"wildcard and no request", "GET /items/{id}", nil, "client: GET /items/{id} with no request: wildcard {id} is bound by no field"},
		{"wildcard and a map", "POST /items/{id}", map[string]int{}, "wildcard {id} is bound by no field"},
		{"no method", "/items", nil, `want "METHOD /path"`},
		{"no slash", "GET items", nil, `want "METHOD /path"`},
		{"bad wildcard name", "GET /items/{a-b}", nil, `wildcard name "a-b" is not a Go identifier`},
		{"wildcard inside a segment", "GET /items/x{id}", &idRequest{}, `segment "x{id}": a wildcard must be a whole segment`},
		{"catch-all not last", "GET /{id...}/x", &idRequest{}, "catch-all {id...} must be the last segment"},
		{"twice", "GET /{id}/{id}", &idRequest{}, "wildcard {id} appears twice"},
		{"request of another kind", "GET /x", 42, "the request is int, want a pointer to a struct, a struct, a map or a slice"},
		{"a parameter that cannot be written", "GET /x", &textOnly{}, "field V is client_test.unmarshalOnly, which has UnmarshalText but no MarshalText"},
		{"tags marshal refuses", "GET /x/{id}", &badTags{}, "field ID: is []string, want a single value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for i := 0; i < 2; i++ {
				_, err := client.Call[itemInput](context.Background(), c, tt.pattern, tt.req)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("call %d: got %v, want an error containing %q", i+1, err, tt.want)
				}
			}
		})
	}
	t.Cleanup(func() {
		if n := served.Load(); n != 0 {
			t.Errorf("the server got %d requests, want none", n)
		}
	})
}

// unmarshalOnly can be parsed from a parameter but not written to one.
type unmarshalOnly struct{ s string }

func (u *unmarshalOnly) UnmarshalText(b []byte) error { u.s = string(b); return nil }

// TestHeaders sends Options.Header on every call, and a bound header
// replaces it.
func TestHeaders(t *testing.T) {
	t.Parallel()
	type tokenRequest struct {
		Token string `header:"X-Token"`
	}
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/token", marshal.Typed(func(ctx context.Context, in *tokenRequest) (*tokenRequest, error) { return in, nil }))
	c := newServer(t, mux, client.Options{Header: http.Header{"X-Token": {"default"}}})
	for _, tt := range []struct{ name, sent, want string }{{"from the options", "", "default"}, {"bound", "mine", "mine"}} {
		got, err := client.Call[tokenRequest](context.Background(), c, "GET /token", &tokenRequest{Token: tt.sent})
		if err != nil || got.Token != tt.want {
			t.Errorf("%s: got %+v, %v, want %q", tt.name, got, err, tt.want)
		}
	}
}

// TestHTTPS verifies the server's certificate against Options.TLSConfig,
// and fails without it.
func TestHTTPS(t *testing.T) {
	t.Parallel()
	ss, err := tls.SelfSigned(tls.SelfSignedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(echoMux())
	srv.TLS = &cryptotls.Config{Certificates: []cryptotls.Certificate{ss.Certificate}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	trusting, err := client.New(srv.URL, client.Options{TLSConfig: &cryptotls.Config{RootCAs: ss.CertPool()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(trusting.CloseIdleConnections)
	if got, err := client.Call[idRequest](context.Background(), trusting, "GET /items/{id}", &idRequest{ID: "7"}); err != nil || got.ID != "7" {
		t.Errorf("with the certificate's pool: got %+v, %v", got, err)
	}
	doubting, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(doubting.CloseIdleConnections)
	_, err = client.Call[idRequest](context.Background(), doubting, "GET /items/{id}", &idRequest{ID: "7"})
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("with the system's roots: got %v, want an unknown-authority error", err)
	}
}
