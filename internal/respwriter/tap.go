package respwriter

// Tap returns a new capture of up to max bytes of the response body, added
// to those already on the writer, so that each middleware that wants the
// body gets it within its own bound, whoever came first.
func (rw *Writer) Tap(max int) *Capture {
	c := NewCapture(max)
	c.next = rw.Body
	rw.Body = c
	return c
}
