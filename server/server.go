package server

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Server is an http.Server with safe defaults (see Options), any number
// of plain and TLS listeners, a readiness flag, a graceful Shutdown that never
// hangs, and two live tables for the admin endpoints: its open connections
// (Connections) and its in-flight requests (Requests, CancelRequest).
//
// Every request it serves gets a tonic.Record (see tonic.Track) as its
// context: the request's ID (an incoming well-formed X-Request-ID, or a new
// one), its start time, its entry in the in-flight table, and a context that
// CancelRequest can cancel. The middleware and muxes below share that record.
type Server struct {
	name   string
	log    zerolog.Logger
	http   *http.Server
	next   http.Handler
	opts   Options
	conns  connTable
	reqs   requestTable
	stats  stats
	base   context.Context
	cancel context.CancelCauseFunc

	routes      routeTable    // the per-route summary (routes.go)
	sampler     sampler       // the ring of per-second samples (sampler.go)
	inFlight    atomic.Int64  // requests admitted and not yet served (see MaxInFlight)
	idle        chan struct{} // a token when inFlight drops to 0, for waitIdle
	lastShedLog atomic.Int64  // Unix nanoseconds of the last warning that s sheds load

	ready    atomic.Bool
	closedCh chan struct{} // closed by the first Close
	stopped  chan struct{} // closed when the first Shutdown is done
	stopErr  error         // the result of the first Shutdown, set before stopped closes

	mu       sync.Mutex // guards the fields below
	addrs    []net.Addr
	closing  bool // Shutdown or Close has been called
	draining bool // Shutdown has been called
	closed   bool // Close has been called
}

// New returns a Server that serves h and logs through log: its shutdown,
// the requests it aborts, and net/http's own errors. opts, at most one,
// change the defaults (see Options). It returns an error if h is nil or if
// the options leave the reading of request headers unbounded.
func New(h http.Handler, log zerolog.Logger, opts ...Options) (*Server, error) {
	if h == nil {
		return nil, errors.New("server: New with a nil http.Handler")
	}
	if len(opts) > 1 {
		return nil, fmt.Errorf("server: New with %d Options, want at most one", len(opts))
	}
	var o Options
	if len(opts) == 1 {
		o = opts[0]
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{name: o.Name, log: log, next: h, opts: o, stopped: make(chan struct{}), closedCh: make(chan struct{}),
		idle: make(chan struct{}, 1)}
	s.conns.init()
	s.conns.limit = o.MaxConnections
	s.conns.onShed = func() { s.stats.shedOne(); s.logShedding("connections") }
	s.conns.onQuiet = s.quiet
	s.reqs.init()
	base := context.WithValue(context.Background(), serverKey{}, s)
	if o.ErrorWriter != nil {
		base = tonic.ContextWithErrorWriter(base, o.ErrorWriter)
	}
	s.base, s.cancel = context.WithCancelCause(base)
	s.http = s.newHTTPServer()
	return s, nil
}

// serverKey is the context key of the Server serving a request.
type serverKey struct{}

// From returns the Server serving the request whose context is ctx, or nil.
// The admin handler uses it to list the server it is served by.
func From(ctx context.Context) *Server {
	s, _ := ctx.Value(serverKey{}).(*Server)
	return s
}

// newHTTPServer returns the http.Server behind s.
func (s *Server) newHTTPServer() *http.Server {
	return &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       s.opts.IdleTimeout,
		MaxHeaderBytes:    s.opts.MaxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return s.base },
		ConnContext:       s.conns.connContext,
		ConnState:         s.conns.connState,
		ErrorLog:          log.New(errorLogWriter{s.log, s.name}, "", 0),
	}
}

// Name returns the name of s, from Options.Name.
func (s *Server) Name() string { return s.name }

// Options returns the options of s, with the defaults filled in and the
// timeouts that are turned off reported as 0.
func (s *Server) Options() Options { return s.opts }

// Serve accepts connections on each of lns and serves them until Shutdown or
// Close; it closes the listeners when it returns. A listener from TLSListener
// serves HTTPS (HTTP/2 included) beside plain ones; one from
// crypto/tls.NewListener does too, but the connection table then loses its
// hijacked connections when their handlers return (see TLSListener).
//
// Serve blocks. It returns ErrServerClosed once Shutdown or Close has been
// called (the caller must then wait for Shutdown to return), or the first
// error of any listener, in which case the other listeners keep serving until
// Shutdown. It may be called more than once, to add listeners.
func (s *Server) Serve(lns ...net.Listener) error {
	return s.serve(lns)()
}

// serve starts serving on lns, having recorded their addresses, and returns
// the function that waits for the end as Serve does.
func (s *Server) serve(lns []net.Listener) (wait func() error) {
	if len(lns) == 0 {
		return func() error { return errors.New("server: Serve needs at least one listener") }
	}
	if !s.start(lns) {
		for _, ln := range lns {
			ln.Close()
		}
		return func() error { return ErrServerClosed }
	}
	errc := make(chan error, len(lns))
	for _, ln := range lns {
		go func(ln net.Listener) { errc <- s.http.Serve(s.conns.listener(ln)) }(ln)
	}
	return func() error {
		for range lns {
			if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("server %s: %w", s.name, err)
			}
		}
		return ErrServerClosed
	}
}

// start records the addresses of lns and turns s ready. It returns false if
// s is already shutting down.
func (s *Server) start(lns []net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	for _, ln := range lns {
		s.addrs = append(s.addrs, ln.Addr())
	}
	s.ready.Store(true)
	s.startSampler()
	return true
}

// Addrs returns the addresses of the listeners given to Serve, in order: the
// ports a listener on port 0 was given. It is empty before Serve.
func (s *Server) Addrs() []net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]net.Addr(nil), s.addrs...)
}

// Ready reports whether s is serving and not shutting down: false before
// Serve, true once Serve has its listeners, and false again as soon as
// Shutdown or Close is called. The admin /readyz endpoint reports it.
func (s *Server) Ready() bool { return s.ready.Load() }

// RegisterOnShutdown registers f to be called, in its own goroutine, when
// Shutdown closes the listeners: the way to tell hijacked connections
// (WebSockets) and streaming responses to finish. Connections still open at
// the end of the grace period are closed.
func (s *Server) RegisterOnShutdown(f func()) { s.http.RegisterOnShutdown(f) }

// serveHTTP serves r with the handler of s, after giving it its Record
// (its ID, its start, an entry in the in-flight table and a cancelable
// context) and the response-writer wrapper that the middleware share, which
// records the response's status and size.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	ce := connFrom(r.Context())
	if ce != nil {
		ce.requests.Add(1)
		if ce.shed {
			s.shed(w, r, true, "connections")
			return
		}
	}
	if !s.admitRequest() {
		s.stats.shedOne()
		s.shed(w, r, false, "requests in flight")
		return
	}
	defer s.doneRequest()
	r, rec := tonic.Track(r, reqid.For)
	shard := s.reqs.add(rec)
	rw := respwriter.Wrap(w)
	s.closeAmbiguous(r, rec, rw, ce)
	defer s.endRequest(rec, rw, shard, ce)
	s.next.ServeHTTP(rw, r)
}

// endRequest counts the request (abandoned when its client went away while
// it was served, see tonic.Abandoned), takes rec out of the in-flight table
// and releases it. A connection that rec's handler hijacked and whose close
// the table cannot see leaves it now.
func (s *Server) endRequest(rec *tonic.Record, rw *respwriter.Writer, shard int, ce *connEntry) {
	if rw.CloseConn && !rw.Written() { // net/http writes the header after this
		rw.Header()["Connection"] = []string{"close"}
	}
	d := rec.Finish() // the duration the middleware reported, if they asked first
	status, abandoned := rw.Status(), !rw.Hijacked && tonic.Abandoned(rec)
	if abandoned {
		status = tonic.StatusClientClosedRequest
	}
	s.reqs.remove(rec, shard) // first: a request counted as served is no longer in flight
	s.stats.served(status, abandoned, d)
	s.routes.observe(rec.Route(), status, d)
	rec.End()
	if ce != nil && !ce.tracked && ce.State() == http.StateHijacked {
		s.conns.forget(ce)
	}
}

// errorLogWriter sends the lines of net/http's error log (TLS handshake
// failures, recovered panics) to the server's logger.
type errorLogWriter struct {
	log  zerolog.Logger
	name string
}

func (w errorLogWriter) Write(p []byte) (int, error) {
	w.log.Warn().Str("server", w.name).Msg(strings.TrimSpace(string(p)))
	return len(p), nil
}
