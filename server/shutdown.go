package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Shutdown stops s gracefully, in this order:
//
//  1. Ready turns false, so that a load balancer stops sending.
//  2. s keeps serving for ShutdownDelay, if there is one.
//  3. The listeners close, so that new dials are refused, and the functions
//     given to RegisterOnShutdown are called.
//  4. Idle keep-alive connections close at once; in-flight requests finish
//     on theirs, which then close.
//  5. Shutdown waits for hijacked connections to close.
//
// Steps 4 and 5 take at most GracePeriod. At its end, or when ctx is done,
// every request still running is logged (method, path, age, request ID)
// and its context is canceled with the cause ErrShuttingDown; a handler
// that returns then, within a second, answers its client (tonic.WriteError
// of ctx.Err() or of the cause is a 503 "shutting_down"). Then every
// connection left is closed, so the client of a handler that ignores its
// context sees the connection drop. Shutdown then returns an error that
// wraps ctx's error (context.DeadlineExceeded). It returns nil when
// everything finished in time.
//
// Calling Shutdown again, or concurrently, waits for the first call and
// returns its result, or ctx.Err() if ctx is done first.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.shutdown(ctx, s.opts.ShutdownDelay)
}

// shutdown is Shutdown with the given delay: Run skips the delay when a new
// process has taken over the listeners.
func (s *Server) shutdown(ctx context.Context, delay time.Duration) error {
	first, closed := s.beginShutdown()
	switch {
	case first && closed:
		s.stopSampler()
		s.stopErr = ErrServerClosed
		close(s.stopped)
	case first:
		s.stopErr = s.drain(ctx, delay)
		s.stopSampler()
		close(s.stopped)
	}
	select {
	case <-s.stopped:
		return s.stopErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// beginShutdown turns s unready and closing, and reports whether this is
// the first call of Shutdown and whether Close has been called.
func (s *Server) beginShutdown() (first, closed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ready.Store(false)
	s.closing = true
	first = !s.draining
	s.draining = true
	return first, s.closed
}

// Close stops s at once: it logs and cancels every in-flight request and
// closes the listeners and every connection, hijacked ones included. A
// Shutdown in progress then returns ErrServerClosed. Close returns the
// error of closing the listeners.
func (s *Server) Close() error {
	s.mu.Lock()
	s.ready.Store(false)
	s.closing = true
	if !s.closed {
		s.closed = true
		close(s.closedCh)
	}
	s.mu.Unlock()
	_, err := s.abort(0)
	s.stopSampler()
	return err
}

// drain runs the steps of Shutdown.
func (s *Server) drain(ctx context.Context, delay time.Duration) error {
	s.log.Info().Str("server", s.name).Dur("delay", delay).Dur("grace_period", s.opts.GracePeriod).Msg("shutting down")
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
		case <-s.closedCh:
		}
		t.Stop()
	}
	graceCtx, cancel := context.WithTimeout(ctx, s.opts.GracePeriod)
	defer cancel()
	lnErr := s.http.Shutdown(graceCtx)
	if graceCtx.Err() == nil {
		s.conns.waitHijacked(graceCtx)
	}
	if err := graceCtx.Err(); err != nil {
		n, _ := s.abort(cancelGrace)
		return fmt.Errorf("server %s: %d requests still running at the end of the grace period were canceled: %w", s.name, n, err)
	}
	if s.isClosed() {
		return ErrServerClosed
	}
	if lnErr != nil {
		return fmt.Errorf("server %s: closing listeners: %w", s.name, lnErr)
	}
	s.log.Info().Str("server", s.name).Msg("drained")
	return nil
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// cancelGrace is how long a drain that ran out of time waits, after it
// canceled the requests still running, for their handlers to answer (with
// the 503 of ErrShuttingDown) before it closes their connections.
const cancelGrace = time.Second

// abort logs the requests still running, cancels them, gives their
// handlers up to wait to answer, and closes the listeners and every
// connection. It returns how many requests there were, and the error of
// closing the listeners.
func (s *Server) abort(wait time.Duration) (int, error) {
	now := time.Now()
	n := 0
	s.reqs.each(func(rec *tonic.Record) {
		n++
		i := infoOf(rec, now)
		path, _, _ := strings.Cut(i.URI, "?") // the query may hold what the log must not
		s.log.Warn().Str("server", s.name).Str("method", i.Method).Str("path", path).
			Dur("age", i.Age).Str("request_id", i.ID).Str("route", i.Route).Str("status", i.Status).
			Msg("request still running at shutdown: canceled")
	})
	s.cancel(ErrShuttingDown)
	if wait > 0 && n > 0 {
		s.waitIdle(wait)
	}
	err := s.http.Close()
	if c := s.conns.closeAll(); c > 0 {
		s.log.Warn().Str("server", s.name).Int("connections", c).Msg("connections still open at shutdown: closed")
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return n, err
}

// waitIdle waits until no request is in flight and no connection is
// still sending a response, or for d.
func (s *Server) waitIdle(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	for s.inFlight.Load() > 0 || s.conns.active() > 0 {
		select {
		case <-s.idle:
		case <-t.C:
			return
		}
	}
}
