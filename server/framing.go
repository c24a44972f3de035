package server

import (
	"bytes"
	"net/http"
	"sync/atomic"

	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// A request with both Content-Length and Transfer-Encoding may be an
// attempt at request smuggling: a proxy in front that reads the body by one
// header and the server by the other disagree on where the next request
// starts (RFC 9112 section 6.3). net/http serves such a request by its
// Transfer-Encoding and deletes Content-Length before any handler can see
// it, so the server watches the bytes of each plain HTTP/1 connection for a
// header block that names both, and closes the connection after the
// response, as the RFC requires, whatever the handler does.

// headerCL and headerTE are the header names framingScanner looks for,
// with their colon, in lower case.
const (
	headerCL = "content-length:"
	headerTE = "transfer-encoding:"
)

// framingScanner follows the lines of the bytes read from a connection and
// flags it when one header block (the lines between two empty lines) has
// both a Content-Length and a Transfer-Encoding line. It does not parse
// HTTP: a body that happens to hold such lines flags the connection too,
// which costs a reconnection and nothing else; a request that has both
// headers is never missed, because net/http reads header lines as these
// lines are (ending in "\n", with an optional "\r"; an empty one ends the
// block; a name directly followed by its colon, at the start of a line).
//
// Reads of one connection never overlap (net/http reads it from one
// goroutine at a time), so only suspect is read concurrently.
type framingScanner struct {
	suspect atomic.Bool // a header block had both headers

	prefix  [len(headerTE)]byte // the first bytes of the current line, lower case
	lineLen int                 // bytes of the current line so far, up to 2
	n       int                 // bytes in prefix
	cl, te  bool                // the current block has each header
}

// scan follows p, the next bytes read from the connection.
func (f *framingScanner) scan(p []byte) {
	for len(p) > 0 && !f.suspect.Load() {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			f.add(p)
			return
		}
		f.add(p[:i])
		f.endLine()
		p = p[i+1:]
	}
}

// add appends part of the current line.
func (f *framingScanner) add(part []byte) {
	for _, c := range part[:min(len(part), len(f.prefix)-f.n)] {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		f.prefix[f.n] = c
		f.n++
	}
	f.lineLen = min(f.lineLen+len(part), 2)
}

// endLine takes in a whole line.
func (f *framingScanner) endLine() {
	line := f.prefix[:f.n]
	switch {
	case f.lineLen == 0 || (f.lineLen == 1 && line[0] == '\r'): // the end of a header block
		f.cl, f.te = false, false
	case bytes.HasPrefix(line, []byte(headerCL)):
		f.cl = true
	case bytes.HasPrefix(line, []byte(headerTE)):
		f.te = true
	}
	if f.cl && f.te {
		f.suspect.Store(true)
	}
	f.n, f.lineLen = 0, 0
}

// ambiguousFraming reports whether the connection of r, an HTTP/1 request,
// must be closed after the response because its body's framing may be
// read differently by a proxy in front: the connection carried a header
// block with both Content-Length and Transfer-Encoding. On a connection
// whose bytes the server does not see (TLS: only the TLS records pass
// below it), any request with a Transfer-Encoding counts.
func ambiguousFraming(r *http.Request, ce *connEntry) bool {
	if r.ProtoMajor != 1 {
		return false
	}
	if ce != nil && ce.framing != nil {
		return ce.framing.suspect.Load()
	}
	return len(r.TransferEncoding) > 0
}

// closeAmbiguous marks the response to r to close its connection when its
// framing is ambiguous, and logs it once per connection.
func (s *Server) closeAmbiguous(r *http.Request, rec *tonic.Record, rw *respwriter.Writer, ce *connEntry) {
	if !ambiguousFraming(r, ce) {
		return
	}
	rw.CloseConn = true
	if ce != nil && ce.framing != nil && ce.loggedFraming.CompareAndSwap(false, true) {
		s.log.Warn().Str("server", s.name).Str("request_id", rec.ID()).Str("remote_addr", r.RemoteAddr).
			Str("method", r.Method).Str("path", r.URL.Path).
			Msg("request with both Content-Length and Transfer-Encoding: closing the connection after the response")
	}
}
