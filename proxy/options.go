package proxy

import (
	"crypto/tls"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// The defaults of Options.
const (
	DefaultName                  = "default"
	DefaultMaxIdleConnsPerHost   = 128
	DefaultMaxConnsPerHost       = 1024
	DefaultIdleConnTimeout       = 60 * time.Second
	DefaultDialTimeout           = 5 * time.Second
	DefaultTLSHandshakeTimeout   = 5 * time.Second
	DefaultResponseHeaderTimeout = 30 * time.Second
	DefaultEjectFor              = 10 * time.Second
	DefaultHealthInterval        = 5 * time.Second
	DefaultHealthTimeout         = 2 * time.Second
)

// MaxBackends bounds the number of backends of one Proxy.
const MaxBackends = 64

// Balance is how a Proxy spreads requests across its healthy backends.
type Balance int

const (
	// RoundRobin sends each request to the next healthy backend in turn.
	RoundRobin Balance = iota
	// LeastInFlight sends each request to the healthy backend with the
	// fewest requests in flight, ties taken in turn.
	LeastInFlight
)

// String returns "round_robin" or "least_in_flight".
func (b Balance) String() string {
	switch b {
	case RoundRobin:
		return "round_robin"
	case LeastInFlight:
		return "least_in_flight"
	}
	return fmt.Sprintf("Balance(%d)", int(b))
}

// Options configures a Proxy. The zero value gives the defaults below.
type Options struct {
	// Name names the proxy in its metrics (proxy.<Name>.<host:port>.*), its
	// Backends rows and its log lines. Defaults to "default"; give each
	// Proxy on one registry its own.
	Name string

	// Balance chooses among the healthy backends. Defaults to RoundRobin.
	Balance Balance

	// MaxIdleConnsPerHost is how many idle keep-alive connections to each
	// backend are kept for reuse. net/http's default of 2 makes a busy
	// proxy open and close a connection for most requests, until it runs
	// out of ports. Defaults to 128.
	MaxIdleConnsPerHost int

	// MaxConnsPerHost caps the connections to each backend, busy and idle;
	// a request over the cap waits for a connection. Defaults to 1024.
	MaxConnsPerHost int

	// IdleConnTimeout closes a keep-alive connection idle this long; keep it
	// below the backends' own idle timeout. Defaults to 60s.
	IdleConnTimeout time.Duration

	// DialTimeout bounds the opening of a TCP connection to a backend.
	// Defaults to 5s.
	DialTimeout time.Duration

	// TLSHandshakeTimeout bounds the TLS handshake with an https backend.
	// Defaults to 5s.
	TLSHandshakeTimeout time.Duration

	// ResponseHeaderTimeout bounds the wait for a backend's response
	// headers once the request is sent; past it the client gets 504. It
	// does not bound a response body or a stream. Defaults to 30s.
	ResponseHeaderTimeout time.Duration

	// TLSClientConfig configures TLS with https backends. Defaults to nil,
	// crypto/tls's defaults.
	TLSClientConfig *tls.Config

	// EjectFor is how long a backend that refused a connection (or did not
	// answer a dial in time) gets no requests. Then the next request is
	// sent to it as a probe: an answer brings it back, a refusal ejects it
	// again. Defaults to 10s.
	EjectFor time.Duration

	// HealthCheck, when its Path is set, probes every backend actively.
	// Defaults to none: backends are ejected and probed by real requests.
	HealthCheck HealthCheck

	// TrustForwarded keeps the X-Forwarded-For, X-Forwarded-Host,
	// X-Forwarded-Proto, Forwarded and X-Real-Ip headers that the client
	// sent and appends the client address to X-Forwarded-For. Set it only
	// when every request comes through a front proxy that sets them.
	// Defaults to false: they are deleted and set from the connection, so
	// a client cannot forge them.
	TrustForwarded bool

	// FlushInterval is how often a response body is flushed to the client
	// while it is copied; a negative value flushes after every write.
	// Server-sent events and responses of unknown length are always
	// flushed at once. Defaults to 0: no periodic flush.
	FlushInterval time.Duration

	// Logger receives a line for each backend ejected or back, and each
	// request that failed at the backend. Defaults to the zero Logger,
	// which writes nothing.
	Logger zerolog.Logger

	// now is the clock; tests set it. Defaults to time.Now.
	now func() time.Time
}

// HealthCheck configures an active health check: a GET of Path on each
// backend every Interval. A backend that fails it (no answer within Timeout,
// or a status of 400 or more) is ejected until a probe succeeds; a passing
// probe brings an ejected backend back at once.
type HealthCheck struct {
	// Path is the path probed, e.g. "/healthz". Defaults to "", no check.
	Path string
	// Interval is the time between two probes of a backend. Defaults to 5s.
	Interval time.Duration
	// Timeout bounds one probe. Defaults to 2s.
	Timeout time.Duration
}

// withDefaults returns o with every zero field set to its default, or an
// error naming the field that cannot be used.
func (o Options) withDefaults() (Options, error) {
	if err := o.check(); err != nil {
		return o, err
	}
	if o.Name == "" {
		o.Name = DefaultName
	}
	setDefault(&o.MaxIdleConnsPerHost, DefaultMaxIdleConnsPerHost)
	setDefault(&o.MaxConnsPerHost, DefaultMaxConnsPerHost)
	setDefault(&o.IdleConnTimeout, DefaultIdleConnTimeout)
	setDefault(&o.DialTimeout, DefaultDialTimeout)
	setDefault(&o.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout)
	setDefault(&o.ResponseHeaderTimeout, DefaultResponseHeaderTimeout)
	setDefault(&o.EjectFor, DefaultEjectFor)
	setDefault(&o.HealthCheck.Interval, DefaultHealthInterval)
	setDefault(&o.HealthCheck.Timeout, DefaultHealthTimeout)
	if o.now == nil {
		o.now = time.Now
	}
	return o, nil
}

// check rejects negative sizes and durations and an unknown Balance.
func (o Options) check() error {
	for _, f := range []struct {
		name string
		v    int64
	}{
		{"MaxIdleConnsPerHost", int64(o.MaxIdleConnsPerHost)},
		{"MaxConnsPerHost", int64(o.MaxConnsPerHost)},
		{"IdleConnTimeout", int64(o.IdleConnTimeout)},
		{"DialTimeout", int64(o.DialTimeout)},
		{"TLSHandshakeTimeout", int64(o.TLSHandshakeTimeout)},
		{"ResponseHeaderTimeout", int64(o.ResponseHeaderTimeout)},
		{"EjectFor", int64(o.EjectFor)},
		{"HealthCheck.Interval", int64(o.HealthCheck.Interval)},
		{"HealthCheck.Timeout", int64(o.HealthCheck.Timeout)},
	} {
		if f.v < 0 {
			return fmt.Errorf("proxy: Options.%s is negative", f.name)
		}
	}
	if o.Balance != RoundRobin && o.Balance != LeastInFlight {
		return fmt.Errorf("proxy: Options.Balance is %v, neither RoundRobin nor LeastInFlight", o.Balance)
	}
	if p := o.HealthCheck.Path; p != "" && p[0] != '/' {
		return fmt.Errorf("proxy: Options.HealthCheck.Path %q does not start with /", p)
	}
	return nil
}

// setDefault sets *v to def when it is zero.
func setDefault[T int | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}
