package server

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// ConnInfo describes one open connection of a Server, as Connections reports
// it for the admin /debug/connections endpoint.
type ConnInfo struct {
	RemoteAddr string
	LocalAddr  string
	// TLS reports whether the connection came from a TLS listener.
	TLS bool
	// State is the connection's state: new, active, idle or hijacked.
	State http.ConnState
	// Since is when the connection entered State.
	Since time.Time
	// Opened is when the connection was accepted.
	Opened time.Time
	// Requests counts the requests served on the connection so far.
	Requests int64
}

// Connections returns the open connections of s, oldest first. A hijacked
// connection (a WebSocket) stays listed until it is closed.
func (s *Server) Connections() []ConnInfo { return s.conns.snapshot() }

// connEntry is the row of one connection in a connTable.
type connEntry struct {
	key     net.Conn // the connection below TLS: a *trackedConn, or the raw conn under a caller's TLS listener
	tracked bool     // key is a *trackedConn, whose Close the table sees
	tls     bool
	opened  time.Time

	state    atomic.Int32 // an http.ConnState
	since    atomic.Int64 // Unix nanoseconds of the last state change
	requests atomic.Int64

	framing       *framingScanner // the bytes read, on a plain connection; nil under TLS
	loggedFraming atomic.Bool     // its ambiguous framing has been logged
	shed          bool            // over MaxConnections: its requests get 503 (set before it is served)
	shedBy        time.Time       // when shed, the deadline of its reads
}

// State returns the current state of the connection.
func (e *connEntry) State() http.ConnState { return http.ConnState(e.state.Load()) }

func (e *connEntry) setState(st http.ConnState, now time.Time) {
	e.state.Store(int32(st))
	e.since.Store(now.UnixNano())
}

// connTable is the live list of the open connections of a Server, keyed by
// the net.Conn, fed by the http.Server's ConnContext and ConnState hooks and
// by the listener wrapper that Serve puts around each listener.
type connTable struct {
	mu       sync.Mutex // guards the fields below
	m        map[net.Conn]*connEntry
	hijacked int           // tracked hijacked connections still open
	gone     chan struct{} // closed when hijacked drops to 0, if someone waits

	limit       int           // MaxConnections; 0 for none (set before serving)
	shedTimeout time.Duration // how long a connection over the limit may read (shedReadTimeout)
	inShed      int           // connections over the limit still open
	onShed      func()        // counts a connection refused (set before serving)
	onQuiet     func()        // a connection left the active state (set before serving)
}

// connKey is the context key of the connEntry of a request's connection.
type connKey struct{}

func (t *connTable) init() {
	t.m = make(map[net.Conn]*connEntry)
	t.shedTimeout = shedReadTimeout
}

// connFrom returns the connEntry that ctx carries, or nil.
func connFrom(ctx context.Context) *connEntry {
	e, _ := ctx.Value(connKey{}).(*connEntry)
	return e
}

// add enters a new connection whose key is c, unless there are too many
// (see verdict): a connection to drop is not entered, and one to shed is
// marked so.
func (t *connTable) add(c net.Conn, tracked, isTLS bool) (*connEntry, shedVerdict) {
	now := time.Now()
	e := &connEntry{key: c, tracked: tracked, tls: isTLS, opened: now}
	e.setState(http.StateNew, now)
	t.mu.Lock()
	v := t.verdict(len(t.m) + 1)
	switch v {
	case shedConn:
		e.shed, e.shedBy = true, now.Add(t.shedTimeout)
		t.inShed++
		fallthrough
	case admitConn:
		t.m[c] = e
	}
	t.mu.Unlock()
	if v != admitConn && t.onShed != nil {
		t.onShed()
	}
	return e, v
}

// active returns the number of connections serving a request.
func (t *connTable) active() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, e := range t.m {
		if e.State() == http.StateActive {
			n++
		}
	}
	return n
}

// count returns the number of open connections.
func (t *connTable) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

// lookup returns the entry of the connection c that net/http reports, or nil.
func (t *connTable) lookup(c net.Conn) *connEntry {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if tc, ok := c.(*trackedConn); ok {
		return tc.entry
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[c]
}

// forget removes e from the table; it does nothing if e is not in it.
func (t *connTable) forget(e *connEntry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m[e.key] != e {
		return
	}
	delete(t.m, e.key)
	if e.shed {
		t.inShed--
	}
	if e.tracked && e.State() == http.StateHijacked {
		t.hijacked--
		if t.hijacked == 0 && t.gone != nil {
			close(t.gone)
			t.gone = nil
		}
	}
}

// connContext is the http.Server's ConnContext: the connection's context
// carries its entry, for the request count.
func (t *connTable) connContext(ctx context.Context, c net.Conn) context.Context {
	if e := t.lookup(c); e != nil {
		return context.WithValue(ctx, connKey{}, e)
	}
	return ctx
}

// connState is the http.Server's ConnState hook.
func (t *connTable) connState(c net.Conn, st http.ConnState) {
	e := t.lookup(c)
	if e == nil {
		return
	}
	if st != http.StateActive && st != http.StateNew && t.onQuiet != nil {
		defer t.onQuiet()
	}
	switch st {
	case http.StateClosed:
		t.forget(e)
	case http.StateHijacked:
		t.mu.Lock()
		e.setState(st, time.Now())
		if e.tracked && t.m[e.key] == e {
			t.hijacked++
		}
		t.mu.Unlock()
	default:
		e.setState(st, time.Now())
	}
}

// waitHijacked waits until every tracked hijacked connection is closed or
// ctx is done, and returns ctx.Err() in the second case.
func (t *connTable) waitHijacked(ctx context.Context) error {
	t.mu.Lock()
	if t.hijacked == 0 {
		t.mu.Unlock()
		return nil
	}
	if t.gone == nil {
		t.gone = make(chan struct{})
	}
	gone := t.gone
	t.mu.Unlock()
	select {
	case <-gone:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// closeAll closes every connection in the table, hijacked ones included, and
// returns how many there were.
func (t *connTable) closeAll() int {
	t.mu.Lock()
	entries := make([]*connEntry, 0, len(t.m))
	for _, e := range t.m {
		entries = append(entries, e)
	}
	t.mu.Unlock()
	for _, e := range entries {
		e.key.Close()
		t.forget(e)
	}
	return len(entries)
}

// snapshot returns the open connections, oldest first.
func (t *connTable) snapshot() []ConnInfo {
	t.mu.Lock()
	out := make([]ConnInfo, 0, len(t.m))
	for _, e := range t.m {
		out = append(out, e.info())
	}
	t.mu.Unlock()
	slices.SortFunc(out, func(a, b ConnInfo) int { return a.Opened.Compare(b.Opened) })
	return out
}

func (e *connEntry) info() ConnInfo {
	return ConnInfo{
		RemoteAddr: addrString(e.key.RemoteAddr()),
		LocalAddr:  addrString(e.key.LocalAddr()),
		TLS:        e.tls,
		State:      e.State(),
		Since:      time.Unix(0, e.since.Load()),
		Opened:     e.opened,
		Requests:   e.requests.Load(),
	}
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// listener returns ln wrapped so that the table sees each connection it
// accepts. For a TLSListener, the wrapper goes below TLS, so that the table
// also sees hijacked TLS connections close.
func (t *connTable) listener(ln net.Listener) net.Listener {
	if tl, ok := ln.(*tlsListener); ok {
		return tls.NewListener(&trackedListener{Listener: tl.inner, table: t, tls: true}, tl.config)
	}
	return &trackedListener{Listener: ln, table: t}
}

// trackedListener enters each connection it accepts in a connTable.
type trackedListener struct {
	net.Listener
	table *connTable
	tls   bool // connections are wrapped in TLS above this listener
}

// Accept wraps each connection in a trackedConn, except the *tls.Conn of a
// caller's TLS listener, which net/http needs as it is: the table then keys
// it by the connection below TLS and cannot see it close once hijacked.
//
// A connection over the table's limit that cannot even be shed (see
// verdict) is closed at once, and Accept waits for the next one.
func (l *trackedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if tc, ok := c.(*tls.Conn); ok {
			if _, v := l.table.add(tc.NetConn(), false, true); v == dropConn {
				c.Close()
				continue
			}
			return c, nil
		}
		tc := &trackedConn{Conn: c, table: l.table}
		var v shedVerdict
		if tc.entry, v = l.table.add(tc, true, l.tls); v == dropConn {
			c.Close()
			continue
		}
		if !l.tls {
			tc.entry.framing = &framingScanner{}
		}
		return tc, nil
	}
}

// trackedConn is a connection whose Close removes it from its table.
type trackedConn struct {
	net.Conn
	table *connTable
	entry *connEntry
}

// Read reads from the connection, and shows the bytes of a plain one to its
// framing scanner until the connection is hijacked.
func (c *trackedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if f := c.entry.framing; f != nil && n > 0 && c.entry.State() != http.StateHijacked {
		f.scan(p[:n])
	}
	return n, err
}

// SetReadDeadline sets the read deadline, no later than shedReadTimeout
// after the accept for a connection over the limit.
func (c *trackedConn) SetReadDeadline(t time.Time) error {
	if c.entry.shed {
		t = c.entry.shedDeadline(t)
	}
	return c.Conn.SetReadDeadline(t)
}

// SetDeadline sets both deadlines, the read one as SetReadDeadline does.
func (c *trackedConn) SetDeadline(t time.Time) error {
	if !c.entry.shed {
		return c.Conn.SetDeadline(t)
	}
	if err := c.Conn.SetWriteDeadline(t); err != nil {
		return err
	}
	return c.SetReadDeadline(t)
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.table.forget(c.entry)
	return err
}

// CloseWrite half-closes the connection, as net/http does after some error
// responses, when the connection below supports it.
func (c *trackedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps the sendfile and splice paths of the connection below.
func (c *trackedConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}
