package server

import (
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// A full server sheds load at once rather than letting every request wait:
// past MaxConnections a new connection's requests are answered 503 with
// Retry-After and the connection is closed; past MaxInFlight a new request
// is answered so on its connection, which stays open. Both are counted in
// Stats.Shed.

// NoLimit, given as Options.MaxConnections or MaxInFlight, turns the limit
// off. Any negative value does the same.
const NoLimit = -1

const (
	// fileReserveMin and fileReserveShare size the file descriptors that
	// the default MaxConnections leaves to the rest of the process (the
	// admin listener and its connections, log and data files, outgoing
	// connections): a tenth of the limit, and at least 64.
	fileReserveMin   = 64
	fileReserveShare = 10
	// unknownFileLimitConns is the default MaxConnections when the limit
	// on open files is unknown or unlimited.
	unknownFileLimitConns = 65536
	// inFlightPerCPU is the default MaxInFlight per CPU (GOMAXPROCS).
	inFlightPerCPU = 256
	// shedReadTimeout bounds how long a connection over MaxConnections may
	// take to send its first request (TLS handshake included when the
	// server terminates TLS itself, through TLSListener; a listener that
	// hands the server *tls.Conn values keeps its handshake and header
	// timeouts), so that refusing it holds a descriptor for little time.
	shedReadTimeout = time.Second
	// shedLogEvery spaces the warnings that the server is shedding.
	shedLogEvery = 10 * time.Second
	// DefaultRetryAfter is the default Options.RetryAfter.
	DefaultRetryAfter = time.Second
)

// defaultMaxConnections returns the default of Options.MaxConnections for
// a process whose limit on open files is files (0 when unknown).
func defaultMaxConnections(files int) int {
	if files <= 0 {
		return unknownFileLimitConns
	}
	reserve := max(fileReserveMin, files/fileReserveShare)
	return max(files-reserve, 1)
}

// defaultMaxInFlight returns the default of Options.MaxInFlight.
func defaultMaxInFlight(maxConns int) int {
	n := inFlightPerCPU * runtime.GOMAXPROCS(0)
	if maxConns > 0 {
		n = min(n, maxConns)
	}
	return n
}

// maxShedding returns how many connections over the limit may wait for
// their 503 at once; more are closed as soon as they are accepted.
func maxShedding(maxConns int) int { return max(16, maxConns/16) }

// shedVerdict is what happens to a new connection.
type shedVerdict int

const (
	admitConn shedVerdict = iota // served
	shedConn                     // its requests get 503, then it closes
	dropConn                     // closed at once
)

// admitRequest counts a request in flight and reports whether it may be
// served; the caller releases it with doneRequest only when it may.
func (s *Server) admitRequest() bool {
	n := s.inFlight.Add(1)
	if max := s.opts.MaxInFlight; max > 0 && n > int64(max) {
		s.inFlight.Add(-1)
		return false
	}
	return true
}

// doneRequest releases a request counted by admitRequest, and tells
// waitIdle when it was the last.
func (s *Server) doneRequest() {
	if s.inFlight.Add(-1) == 0 {
		s.quiet()
	}
}

// quiet tells waitIdle to look again: the last request ended, or a
// connection stopped sending a response.
func (s *Server) quiet() {
	select {
	case s.idle <- struct{}{}:
	default:
	}
}

// shed answers r with 503 and Retry-After at once: the server is full.
// closeConn also closes the connection after the response (and sends an
// HTTP/2 GOAWAY).
func (s *Server) shed(w http.ResponseWriter, r *http.Request, closeConn bool, why string) {
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int((s.opts.RetryAfter+time.Second-1)/time.Second)))
	if closeConn {
		h.Set("Connection", "close")
	}
	s.logShedding(why)
	tonic.WriteError(w, r, http.StatusServiceUnavailable, &tonic.Error{Status: http.StatusServiceUnavailable,
		Code: "overloaded", Message: "the server is full (" + why + "); retry later"})
}

// logShedding warns that the server sheds load, at most once every
// shedLogEvery, with the count so far.
func (s *Server) logShedding(why string) {
	now := time.Now().UnixNano()
	last := s.lastShedLog.Load()
	if now-last < int64(shedLogEvery) || !s.lastShedLog.CompareAndSwap(last, now) {
		return
	}
	st := s.Stats()
	s.log.Warn().Str("server", s.name).Str("reason", why).Uint64("shed", st.Shed).
		Int("in_flight", st.InFlight).Int("max_in_flight", s.opts.MaxInFlight).
		Int("connections", st.Connections).Int("max_connections", s.opts.MaxConnections).
		Msg("shedding load: answering 503 at once")
}

// verdict decides the fate of a connection accepted while open
// connections are open (itself included); t.mu is held.
func (t *connTable) verdict(open int) shedVerdict {
	switch {
	case t.limit <= 0 || open <= t.limit:
		return admitConn
	case t.inShed < maxShedding(t.limit):
		return shedConn
	}
	return dropConn
}

// shedDeadline clamps a read deadline of a connection over the limit to
// its shedBy.
func (e *connEntry) shedDeadline(t time.Time) time.Time {
	if t.IsZero() || t.After(e.shedBy) {
		return e.shedBy
	}
	return t
}
