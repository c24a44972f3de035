package middleware

import (
	"io"
	"sync"
)

// capture keeps the first max bytes written to it and whether more came. It
// is safe for concurrent use, because a handler that Timeout has given up on
// may still read its request body while Logged writes the line.
type capture struct {
	mu        sync.Mutex
	buf       []byte
	max       int
	truncated bool
}

// newCapture returns a capture that keeps up to max bytes.
func newCapture(max int) *capture { return &capture{max: max} }

// add appends what fits of p.
func (c *capture) add(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - len(c.buf); len(p) > room {
		p = p[:room]
		c.truncated = true
	}
	c.buf = append(c.buf, p...)
}

// Write implements io.Writer for io.TeeReader; it never fails.
func (c *capture) Write(p []byte) (int, error) {
	c.add(p)
	return len(p), nil
}

// snapshot returns a copy of the bytes kept and whether some were dropped.
func (c *capture) snapshot() ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.buf...), c.truncated
}

// teeBody is a request body that copies what the handler reads into a
// capture.
type teeBody struct {
	io.ReadCloser
	c *capture
}

// Read reads from the body and captures what it read.
func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.c.add(p[:n])
	return n, err
}
