package proxy

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// tcpKeepAlive is the period of TCP keep-alive probes on backend
	// connections.
	tcpKeepAlive = 30 * time.Second
	// expectContinueTimeout is how long a request with "Expect:
	// 100-continue" waits for the backend's go-ahead before sending its
	// body anyway.
	expectContinueTimeout = time.Second
	// copyBufferSize is the size of the buffers that copy response bodies.
	copyBufferSize = 32 << 10
)

// newTransport returns the pooled transport of p: HTTP/1.1 to the
// backends, sized and bounded by the options, with no environment proxy
// and no transparent decompression (the client's Accept-Encoding goes
// through as it is), counting the connections of each backend.
func (p *Proxy) newTransport() *http.Transport {
	o := p.opts
	d := &dialer{d: net.Dialer{Timeout: o.DialTimeout, KeepAlive: tcpKeepAlive}, byAddr: map[string]*backend{}}
	for _, b := range p.backends {
		d.byAddr[b.dialAddr] = b
	}
	t := &http.Transport{
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   o.TLSHandshakeTimeout,
		MaxIdleConns:          o.MaxIdleConnsPerHost * len(p.backends),
		MaxIdleConnsPerHost:   o.MaxIdleConnsPerHost,
		MaxConnsPerHost:       o.MaxConnsPerHost,
		IdleConnTimeout:       o.IdleConnTimeout,
		ResponseHeaderTimeout: o.ResponseHeaderTimeout,
		ExpectContinueTimeout: expectContinueTimeout,
		DisableCompression:    true,
	}
	if o.TLSClientConfig != nil {
		t.TLSClientConfig = o.TLSClientConfig.Clone()
	}
	return t
}

// dialer opens backend connections and counts them.
type dialer struct {
	d      net.Dialer
	byAddr map[string]*backend // read-only once built
}

// DialContext dials addr. A failure is a *dialError: the request it was
// for never reached the backend.
func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := d.d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, &dialError{err: err}
	}
	b := d.byAddr[addr]
	if b == nil {
		return c, nil
	}
	b.connsOpen.Add(1)
	return &countedConn{Conn: c, b: b}, nil
}

// dialError is a failed dial to a backend.
type dialError struct{ err error }

func (e *dialError) Error() string { return e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// countedConn is a backend connection that leaves its backend's count of
// open connections when it closes.
type countedConn struct {
	net.Conn
	b      *backend
	closed atomic.Bool
}

// Close implements net.Conn.
func (c *countedConn) Close() error {
	if c.closed.CompareAndSwap(false, true) {
		c.b.connsOpen.Add(-1)
	}
	return c.Conn.Close()
}

// CloseWrite half-closes the connection when the one below can, for
// protocols switched to after an upgrade.
func (c *countedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// bufferPool lends ReverseProxy the buffers it copies response bodies
// with, instead of a new 32 KiB buffer for every request.
type bufferPool struct{ pool sync.Pool }

// Get implements httputil.BufferPool.
func (b *bufferPool) Get() []byte {
	if buf, ok := b.pool.Get().(*[]byte); ok {
		return *buf
	}
	return make([]byte, copyBufferSize)
}

// Put implements httputil.BufferPool.
func (b *bufferPool) Put(buf []byte) {
	if cap(buf) >= copyBufferSize {
		buf = buf[:copyBufferSize]
		b.pool.Put(&buf)
	}
}
