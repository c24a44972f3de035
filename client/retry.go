package client

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retryStatus reports whether an answer with this status may be retried:
// the server is overloaded or a gateway could not reach it.
func retryStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter returns the seconds of a Retry-After header, or -1 when it
// has none in seconds (an HTTP date is not followed).
func retryAfter(h http.Header) int64 {
	v := h.Get("Retry-After")
	if v == "" {
		return -1
	}
	s, err := strconv.ParseInt(v, 10, 64)
	if err != nil || s < 0 {
		return -1
	}
	return s
}

// delay returns the wait before retry attempt+1: the Retry-After the
// server asked for, else RetryBackoff doubled per attempt with jitter
// (between half and all of it); never more than MaxRetryBackoff.
func (c *Client) delay(attempt int, retryAfterSecs int64) time.Duration {
	if retryAfterSecs >= 0 {
		if retryAfterSecs > int64(c.maxBackoff/time.Second) {
			return c.maxBackoff
		}
		return time.Duration(retryAfterSecs) * time.Second
	}
	d := c.backoff
	for i := 0; i < attempt && d < c.maxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.maxBackoff)
	half := d / 2
	return half + rand.N(d-half+1)
}

// sleep waits d, and reports false, at once, when ctx ends first or would
// end before d has passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return false
	}
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
