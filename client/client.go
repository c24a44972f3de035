package client

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/seed78c03fa0/tonic/marshal"
)

// The defaults of Options.
const (
	// DefaultTimeout bounds a call unless Options.Timeout says otherwise.
	DefaultTimeout = 30 * time.Second
	// DefaultRetryBackoff is the wait before the first retry.
	DefaultRetryBackoff = 100 * time.Millisecond
	// DefaultMaxRetryBackoff bounds the wait between two attempts.
	DefaultMaxRetryBackoff = 5 * time.Second
	// DefaultMaxResponseBytes bounds the response body a call reads: 16 MiB.
	DefaultMaxResponseBytes = 16 << 20
)

// The settings of the transport a Client makes for itself.
const (
	dialTimeout         = 10 * time.Second
	dialKeepAlive       = 30 * time.Second
	tlsHandshakeTimeout = 10 * time.Second
	idleConnTimeout     = 90 * time.Second
	maxIdleConns        = 128
	maxIdleConnsPerHost = 32 // net/http's default of 2 makes a busy client open and close connections
)

// Options configures a Client. The zero value means the defaults.
type Options struct {
	// Header is sent with every call: the place for credentials, e.g.
	// {"Authorization": {BasicAuth(user, password)}}. A header that a
	// request field binds replaces it for that call. Defaults to none.
	Header http.Header

	// Timeout bounds a call: every attempt, the waits between them and the
	// reading of the response. A deadline of the call's context that comes
	// first wins. Defaults to DefaultTimeout (30s); negative means no limit
	// beyond the context's.
	Timeout time.Duration

	// TLSConfig configures HTTPS on the transport the Client makes, e.g.
	// RootCAs to trust a private CA or a self-signed certificate. Defaults
	// to crypto/tls's defaults: the system's roots. It cannot be given with
	// HTTPClient.
	TLSConfig *tls.Config

	// HTTPClient sends the requests. Defaults to a client of the Client's
	// own, with a pooled transport: keep-alive connections (up to 32 idle
	// per host, closed after 90s idle), HTTP/2 when the server offers it,
	// the proxy of the environment, dial and TLS handshake timeouts of 10s.
	HTTPClient *http.Client

	// Retries is how many more times a call whose method is idempotent
	// (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) is tried after a connection
	// error or a 429, 502, 503 or 504 answer. Other methods are never
	// retried. Defaults to 0: no retries.
	Retries int

	// RetryBackoff is the wait before the first retry, doubled before each
	// next one up to MaxRetryBackoff, with random jitter (between half and
	// all of it). A Retry-After header in seconds replaces it, up to
	// MaxRetryBackoff. Defaults to DefaultRetryBackoff (100ms).
	RetryBackoff time.Duration

	// MaxRetryBackoff bounds the wait between two attempts. Defaults to
	// DefaultMaxRetryBackoff (5s).
	MaxRetryBackoff time.Duration

	// Codec encodes request bodies and decodes response bodies. Defaults
	// to marshal.StdCodec (encoding/json).
	Codec marshal.Codec

	// MaxResponseBytes bounds the response body a call reads; a longer one
	// fails the call. Defaults to DefaultMaxResponseBytes (16 MiB).
	MaxResponseBytes int64
}

// Client calls a JSON service: see the package documentation. It is safe
// for concurrent use, and meant to be made once per service and shared.
type Client struct {
	base       string // scheme://host and the base path, without a trailing slash
	http       *http.Client
	own        *http.Transport // the transport New made, nil with Options.HTTPClient
	header     http.Header
	timeout    time.Duration
	retries    int
	backoff    time.Duration
	maxBackoff time.Duration
	codec      marshal.Codec
	maxResp    int64

	routes  sync.Map // routeKey -> *route
	types   sync.Map // reflect.Type -> *typePlan
	buffers sync.Pool
}

// New returns a Client for the service at baseURL, an http or https URL
// whose path, if any, is the prefix of every pattern ("https://api.test",
// "http://127.0.0.1:8000/v2"). opts, at most one, change the defaults. It
// returns an error naming the culprit if baseURL is not such a URL, carries
// credentials (use Options.Header), a query or a fragment, or if the
// options are inconsistent.
func New(baseURL string, opts ...Options) (*Client, error) {
	if len(opts) > 1 {
		return nil, fmt.Errorf("client: New with %d Options, want at most one", len(opts))
	}
	var o Options
	if len(opts) == 1 {
		o = opts[0]
	}
	base, err := checkBase(baseURL)
	if err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	c := &Client{base: base, http: o.HTTPClient, header: o.Header.Clone(), timeout: o.Timeout, retries: o.Retries,
		backoff: o.RetryBackoff, maxBackoff: o.MaxRetryBackoff, codec: o.Codec, maxResp: o.MaxResponseBytes}
	c.defaults(o.TLSConfig)
	c.buffers.New = func() any { return new(bytes.Buffer) }
	return c, nil
}

// checkBase returns baseURL without its trailing slash, or the error that
// names what is wrong with it.
func checkBase(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	switch {
	case err != nil:
		return "", fmt.Errorf("client: base URL: %w", err)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("client: base URL %q: want an http or https URL", baseURL)
	case u.Host == "":
		return "", fmt.Errorf("client: base URL %q has no host", baseURL)
	case u.User != nil:
		return "", errors.New("client: the base URL carries credentials; send them in Options.Header, where logs do not show them")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("client: base URL %q has a query or a fragment, want neither", baseURL)
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// check reports inconsistent options.
func (o *Options) check() error {
	switch {
	case o.HTTPClient != nil && o.TLSConfig != nil:
		return errors.New("client: Options has both HTTPClient and TLSConfig; configure TLS on your HTTPClient's transport")
	case o.Retries < 0:
		return fmt.Errorf("client: Options.Retries is %d, want 0 or more", o.Retries)
	case o.RetryBackoff < 0 || o.MaxRetryBackoff < 0:
		return errors.New("client: Options.RetryBackoff and MaxRetryBackoff must not be negative")
	case o.MaxResponseBytes < 0:
		return fmt.Errorf("client: Options.MaxResponseBytes is %d, want a positive number of bytes (or 0 for the default)", o.MaxResponseBytes)
	}
	return nil
}

// defaults fills in what the options left out.
func (c *Client) defaults(tlsConfig *tls.Config) {
	if c.http == nil {
		c.own = newTransport(tlsConfig)
		c.http = &http.Client{Transport: c.own}
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if c.backoff == 0 {
		c.backoff = DefaultRetryBackoff
	}
	if c.maxBackoff == 0 {
		c.maxBackoff = DefaultMaxRetryBackoff
	}
	if c.codec == nil {
		c.codec = marshal.StdCodec{}
	}
	if c.maxResp == 0 {
		c.maxResp = DefaultMaxResponseBytes
	}
}

// newTransport returns the pooled transport of a Client.
func newTransport(tlsConfig *tls.Config) *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: dialTimeout, KeepAlive: dialKeepAlive}).DialContext,
		TLSClientConfig:       tlsConfig.Clone(),
		TLSHandshakeTimeout:   tlsHandshakeTimeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          maxIdleConns,
		MaxIdleConnsPerHost:   maxIdleConnsPerHost,
		IdleConnTimeout:       idleConnTimeout,
		ExpectContinueTimeout: time.Second,
	}
}

// BaseURL returns the base URL every pattern's path is appended to, without
// a trailing slash.
func (c *Client) BaseURL() string { return c.base }

// CloseIdleConnections closes the idle keep-alive connections of the
// Client's transport (the one it made, or that of Options.HTTPClient).
// Calls may still be made afterwards.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// BasicAuth returns the value of an Authorization header for HTTP Basic
// authentication (RFC 7617) with user and password, for Options.Header.
func BasicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}
