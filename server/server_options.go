package server

import (
	"errors"
	"fmt"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// The defaults of Options.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultMaxHeaderBytes    = 64 << 10
	DefaultGracePeriod       = 25 * time.Second
)

// NoTimeout, given as one of the timeouts of Options, disables it. Any
// negative duration does the same.
const NoTimeout time.Duration = -1

// Options configures a Server. The zero value gives the safe defaults
// below; each timeout can be changed or turned off with NoTimeout, and each
// limit with NoLimit, but New refuses options that leave the reading of
// request headers unbounded.
type Options struct {
	// Name names the server in its log lines, e.g. "api" or "admin".
	// Defaults to "http".
	Name string

	// ReadHeaderTimeout bounds the time a client has to send the request
	// line and headers, from the first byte of the request. It is what
	// closes a slowloris connection. Defaults to 10s.
	ReadHeaderTimeout time.Duration

	// ReadTimeout bounds the reading of a whole request, body included.
	// Defaults to 30s; turn it off for long uploads.
	ReadTimeout time.Duration

	// WriteTimeout bounds the time from the end of the request headers to
	// the end of the response. Defaults to 30s; turn it off for streaming or
	// long-polling responses.
	WriteTimeout time.Duration

	// IdleTimeout bounds how long a keep-alive connection may wait for its
	// next request. Defaults to 120s. Turned off, net/http uses ReadTimeout.
	IdleTimeout time.Duration

	// MaxHeaderBytes bounds the size of the request line and headers.
	// Defaults to 64 KiB.
	MaxHeaderBytes int

	// GracePeriod is how long Shutdown lets in-flight requests and hijacked
	// connections finish before it cancels and closes them. It starts when
	// the listeners close, after ShutdownDelay. Defaults to 25s, which fits
	// within Kubernetes' default 30s termination grace period.
	GracePeriod time.Duration

	// ShutdownDelay is how long Shutdown keeps serving after Ready turns
	// false, so that a load balancer polling readiness stops sending new
	// requests before the listeners close. Defaults to 0 (no delay).
	ShutdownDelay time.Duration

	// MaxConnections bounds the connections the server keeps open, so that
	// a flood of clients cannot take the file descriptors that the rest of
	// the process (the admin listener, log and data files) needs. A
	// connection beyond it is accepted, its requests are answered at once
	// with 503 "overloaded", Retry-After and Connection: close, and it is
	// closed; it has a second to send its request, and when too many such
	// connections wait already, a new one is closed as soon as it is
	// accepted. Defaults to the limit on open files (RLIMIT_NOFILE) less a
	// tenth of it, and at least 64, left to the rest of the process; to
	// 65536 when that limit is unknown or unlimited. NoLimit turns it off.
	MaxConnections int

	// MaxInFlight bounds the requests served at once. A request beyond it
	// is answered at once with 503 "overloaded" and Retry-After on its
	// connection, which stays open, instead of waiting while latency grows.
	// Defaults to 256 per CPU (GOMAXPROCS), and no more than
	// MaxConnections. NoLimit turns it off.
	MaxInFlight int

	// RetryAfter is what the Retry-After header of a shed request says,
	// rounded up to whole seconds. Defaults to 1s.
	RetryAfter time.Duration

	// ErrorWriter, if not nil, is the error format of every request: the
	// server's base context carries it (see ContextWithErrorWriter), so the
	// muxes, marshal and middleware all write errors with it. Defaults to
	// nil, which means tonic.JSONErrors.
	ErrorWriter tonic.ErrorWriter
}

// withDefaults returns o with every zero field set to its default and every
// negative timeout set to 0, which is how net/http spells "no timeout". It
// returns an error for options that cannot be served safely.
func (o Options) withDefaults() (Options, error) {
	if o.ReadHeaderTimeout < 0 && o.ReadTimeout < 0 {
		return o, errors.New("server: Options turn off both ReadHeaderTimeout and ReadTimeout: " +
			"a client could then hold a connection forever by sending its headers slowly (slowloris); keep ReadHeaderTimeout")
	}
	if o.MaxHeaderBytes < 0 {
		return o, fmt.Errorf("server: Options.MaxHeaderBytes is %d; it must not be negative", o.MaxHeaderBytes)
	}
	if o.GracePeriod < 0 {
		return o, fmt.Errorf("server: Options.GracePeriod is %v; it must not be negative", o.GracePeriod)
	}
	if o.ShutdownDelay < 0 {
		return o, fmt.Errorf("server: Options.ShutdownDelay is %v; it must not be negative", o.ShutdownDelay)
	}
	if o.Name == "" {
		o.Name = "http"
	}
	o.ReadHeaderTimeout = timeout(o.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	o.ReadTimeout = timeout(o.ReadTimeout, DefaultReadTimeout)
	o.WriteTimeout = timeout(o.WriteTimeout, DefaultWriteTimeout)
	o.IdleTimeout = timeout(o.IdleTimeout, DefaultIdleTimeout)
	if o.MaxHeaderBytes == 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if o.GracePeriod == 0 {
		o.GracePeriod = DefaultGracePeriod
	}
	return o.withLimits(fileLimit())
}

// withLimits sets the default MaxConnections, MaxInFlight and RetryAfter
// for a process whose limit on open files is files (0 when unknown), and
// turns NoLimit into 0.
func (o Options) withLimits(files int) (Options, error) {
	if o.RetryAfter < 0 {
		return o, fmt.Errorf("server: Options.RetryAfter is %v; it must not be negative", o.RetryAfter)
	}
	if o.RetryAfter == 0 {
		o.RetryAfter = DefaultRetryAfter
	}
	switch {
	case o.MaxConnections == 0:
		o.MaxConnections = defaultMaxConnections(files)
	case o.MaxConnections < 0:
		o.MaxConnections = 0
	}
	switch {
	case o.MaxInFlight == 0:
		o.MaxInFlight = defaultMaxInFlight(o.MaxConnections)
	case o.MaxInFlight < 0:
		o.MaxInFlight = 0
	}
	return o, nil
}

// timeout returns def for 0, 0 (no timeout, for net/http) for a negative d,
// and d otherwise.
func timeout(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}
