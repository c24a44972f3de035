package respwriter

import (
	"io"
	"sync"
)

// capture keeps the first max bytes written to it and whether more came. It
// is safe for concurrent use, because a handler that Timeout has given up on
// may still read its request body while Logged writes the line.
type Capture struct {
	mu        sync.Mutex
	buf       []byte
	max       int
	truncated bool
	next      *Capture // another capture of the same bytes (see Writer.Tap)
}

// NewCapture returns a capture that keeps up to max bytes.
func NewCapture(max int) *Capture { return &Capture{max: max} }

// Add appends what fits of p, and passes all of p on to the next capture.
func (c *Capture) Add(p []byte) {
	c.add(p)
	if c.next != nil {
		c.next.Add(p)
	}
}

// add appends what fits of p.
func (c *Capture) add(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - len(c.buf); len(p) > room {
		p = p[:room]
		c.truncated = true
	}
	c.buf = append(c.buf, p...)
}

// Write implements io.Writer for io.TeeReader; it never fails.
func (c *Capture) Write(p []byte) (int, error) {
	c.Add(p)
	return len(p), nil
}

// snapshot returns a copy of the bytes kept and whether some were dropped.
func (c *Capture) Snapshot() ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.buf...), c.truncated
}

// TeeBody is a request body that copies what the handler reads into a
// capture.
type TeeBody struct {
	io.ReadCloser
	C *Capture
}

// Read reads from the body and captures what it read.
func (t *TeeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.C.Add(p[:n])
	return n, err
}
