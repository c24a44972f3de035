package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/seed78c03fa0/tonic/marshal"
)

// Call sends the request that pattern and req describe, and decodes the
// JSON body of a 2xx response into a new Resp.
//
// pattern is "METHOD /path", the method and pattern of the route as the
// service registers it ("GET /1.0/stuff/{id}"), appended to the base URL.
// req is a pointer to a struct (or a struct) whose fields are bound as
// marshal binds them: each {wildcard} is filled, escaped, from the field
// tagged path:"name", the query from the fields tagged query, the headers
// from those tagged header, and the JSON body from the other fields. An
// optional parameter at its zero value, a nil pointer and an empty slice are
// left out, as marshal gives them that value when they are absent. A map or
// a slice is sent whole as the body; a nil req sends no body.
//
// The first call with a pattern and a request type checks them together,
// and that call and every later one return the error when they do not fit:
// a wildcard that no field binds, a path field whose wildcard the pattern
// lacks, a malformed pattern, a field the client cannot write. A value that
// cannot be sent (an empty path segment, a NaN) fails the call before it
// is sent.
//
// An error response returns a *tonic.Error (see ParseError): its status,
// code, description, request ID and fields, whether the service writes
// tonic's JSON errors, RFC 9457 problems or plain text; errors.As finds it.
// A 2xx response with an empty body (204) leaves *Resp its zero value; one
// with a body that is not JSON, or that does not decode into Resp, is an
// error. Other errors (the connection, the timeout, the context) are
// returned wrapped, so errors.Is finds context.DeadlineExceeded.
func Call[Resp any](ctx context.Context, c *Client, pattern string, req any) (*Resp, error) {
	out := new(Resp)
	if _, _, err := c.call(ctx, pattern, req, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Do is Call that also returns the response's status and header (a
// Location, say), in the marshal.Response that a handler returns to choose
// them.
func Do[Resp any](ctx context.Context, c *Client, pattern string, req any) (*marshal.Response[*Resp], error) {
	out := new(Resp)
	status, header, err := c.call(ctx, pattern, req, out)
	if err != nil {
		return nil, err
	}
	return &marshal.Response[*Resp]{Status: status, Header: header, Body: out}, nil
}

// outcome is what one attempt of a call got.
type outcome struct {
	status     int
	header     http.Header
	err        error
	transient  bool  // a failure that a retry may not meet
	retryAfter int64 // seconds, from a Retry-After header; -1 for none
}

// call makes the call, retrying as Options says, and decodes a successful
// response into out.
func (c *Client) call(ctx context.Context, pattern string, req, out any) (int, http.Header, error) {
	rt, o, err := c.prepare(ctx, pattern, req)
	if err != nil {
		return 0, nil, err
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	for attempt := 0; ; attempt++ {
		res := c.attempt(ctx, o, out)
		if res.err == nil || !res.transient || !rt.idempotent || attempt >= c.retries {
			return res.status, res.header, res.err
		}
		if !sleep(ctx, c.delay(attempt, res.retryAfter)) {
			return res.status, res.header, res.err // the context ends first: the last answer stands
		}
	}
}

// attempt sends o once and reads the response.
func (c *Client) attempt(ctx context.Context, o *outgoing, out any) outcome {
	r, err := o.request(ctx)
	if err != nil {
		return outcome{err: err}
	}
	resp, err := c.http.Do(r)
	if err != nil {
		return outcome{err: fmt.Errorf("client: %w", err), transient: ctx.Err() == nil}
	}
	defer resp.Body.Close()
	res := outcome{status: resp.StatusCode, header: resp.Header, retryAfter: -1}
	buf := c.buffers.Get().(*bytes.Buffer)
	defer c.putBuffer(buf)
	buf.Reset()
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, c.maxResp+1))
	switch {
	case err != nil:
		res.err = fmt.Errorf("client: %s %s: reading the %d response: %w", o.method, o.url, resp.StatusCode, err)
		res.transient = ctx.Err() == nil
	case n > c.maxResp:
		res.err = fmt.Errorf("client: %s %s: the %d response's body is over %d bytes", o.method, o.url, resp.StatusCode, c.maxResp)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		res.err = ParseError(resp.StatusCode, resp.Header, buf.Bytes())
		res.transient = retryStatus(resp.StatusCode)
		res.retryAfter = retryAfter(resp.Header)
	default:
		res.err = c.decode(o, resp, buf.Bytes(), out)
	}
	return res
}

// maxPooledBuffer is the largest response buffer kept for reuse.
const maxPooledBuffer = 256 << 10

// putBuffer keeps buf for reuse unless it grew large.
func (c *Client) putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		c.buffers.Put(buf)
	}
}

// decode decodes the body of a successful response into out.
func (c *Client) decode(o *outgoing, resp *http.Response, data []byte, out any) error {
	if len(data) == 0 {
		return nil
	}
	if ct := resp.Header.Get("Content-Type"); !isJSON(ct) {
		return fmt.Errorf("client: %s %s: the %d response is %q, want application/json", o.method, o.url, resp.StatusCode, ct)
	}
	if err := c.codec.Unmarshal(data, out); err != nil {
		return fmt.Errorf("client: %s %s: decoding the %d response: %w", o.method, o.url, resp.StatusCode, err)
	}
	return nil
}

// isJSON reports whether a Content-Type names JSON: application/json or a
// +json type.
func isJSON(ct string) bool {
	if ct == "application/json" || ct == "application/json; charset=utf-8" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}
