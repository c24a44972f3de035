package tls

import (
	"context"
	cryptotls "crypto/tls"
	"net"
	"sync/atomic"
	"time"
)

// Listener returns a listener that accepts connections from inner and
// serves TLS on them with c, through crypto/tls.NewListener. Its connections
// are *crypto/tls.Conn whose handshake has not run yet, which is what
// net/http.Server.Serve wants: it runs the handshake in the connection's own
// goroutine, bounded by the smallest non-zero of its ReadHeaderTimeout,
// ReadTimeout and WriteTimeout; it negotiates HTTP/2 through ALPN; and it
// answers plain HTTP sent to the port with 400 Bad Request.
//
// On a nil *Config, Listener returns inner unchanged, so a server can keep an
// optional *Config beside each raw listener (from net.Listen or tableflip)
// and wrap plain and TLS listeners the same way. Closing the result closes
// inner.
func (c *Config) Listener(inner net.Listener) net.Listener {
	if c == nil {
		return inner
	}
	return cryptotls.NewListener(inner, c.tls)
}

// HandshakeListener returns a listener for servers other than net/http. It
// accepts connections from inner and serves TLS on them with c; each
// connection runs its handshake on its first Read or Write (or an explicit
// Handshake call), and a handshake that is not done within
// Options.HandshakeTimeout fails and closes the connection, so a client that
// connects and stays silent cannot hold it. Accept itself never waits for a
// handshake.
//
// The connections are not *crypto/tls.Conn but have its methods: use
// interface{ ConnectionState() tls.ConnectionState } to inspect them. On a
// nil *Config, HandshakeListener returns inner unchanged.
func (c *Config) HandshakeListener(inner net.Listener) net.Listener {
	if c == nil {
		return inner
	}
	return &handshakeListener{Listener: inner, config: c.tls, timeout: c.handshakeTimeout}
}

// handshakeListener wraps each accepted connection in a handshakeConn.
type handshakeListener struct {
	net.Listener
	config  *cryptotls.Config
	timeout time.Duration
}

// Accept waits for the next connection and returns it as a handshakeConn.
func (l *handshakeListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &handshakeConn{Conn: cryptotls.Server(conn, l.config), timeout: l.timeout}, nil
}

// handshakeConn is a server-side TLS connection whose handshake has a
// deadline.
type handshakeConn struct {
	*cryptotls.Conn
	timeout time.Duration
	done    atomic.Bool // the handshake succeeded
}

// Handshake runs the handshake, within the connection's timeout, if it has
// not run yet.
func (c *handshakeConn) Handshake() error {
	return c.HandshakeContext(context.Background())
}

// HandshakeContext runs the handshake, within the connection's timeout and
// ctx, if it has not run yet. On failure the connection is closed.
func (c *handshakeConn) HandshakeContext(ctx context.Context) error {
	if c.done.Load() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.Conn.HandshakeContext(ctx); err != nil {
		_ = c.Conn.Close()
		return err
	}
	c.done.Store(true)
	return nil
}

// Read completes the handshake, then reads application data.
func (c *handshakeConn) Read(b []byte) (int, error) {
	if err := c.Handshake(); err != nil {
		return 0, err
	}
	return c.Conn.Read(b)
}

// Write completes the handshake, then writes application data.
func (c *handshakeConn) Write(b []byte) (int, error) {
	if err := c.Handshake(); err != nil {
		return 0, err
	}
	return c.Conn.Write(b)
}
