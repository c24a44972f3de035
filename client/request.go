package client

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/tonic"
)

// outgoing is a call's request, ready to be sent as many times as the call
// is tried.
type outgoing struct {
	method string
	url    string
	header http.Header
	body   []byte // nil for none
}

// NewRequest returns the request that a call of pattern with req sends, as
// Call documents it, with ctx as its context: the wildcards filled from the
// path fields of req, the query and headers from its query and header
// fields, the JSON body from the rest, and the headers of Options.Header,
// Accept: application/json and the request ID of ctx. It returns the error a
// call would return before sending anything. It is the way to look at, sign
// or send by other means what Call would send.
func (c *Client) NewRequest(ctx context.Context, pattern string, req any) (*http.Request, error) {
	_, o, err := c.prepare(ctx, pattern, req)
	if err != nil {
		return nil, err
	}
	return o.request(ctx)
}

// request returns a new *http.Request for o.
func (o *outgoing) request(ctx context.Context) (*http.Request, error) {
	var r *http.Request
	var err error
	if o.body != nil {
		r, err = http.NewRequestWithContext(ctx, o.method, o.url, bytes.NewReader(o.body)) // sets GetBody, for redirects
	} else {
		r, err = http.NewRequestWithContext(ctx, o.method, o.url, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("client: %s %s: %w", o.method, o.url, err)
	}
	r.Header = o.header
	return r, nil
}

// prepare returns the plan for pattern and the type of req, and the
// request that req fills in.
func (c *Client) prepare(ctx context.Context, pattern string, req any) (*route, *outgoing, error) {
	rt := c.route(pattern, reflect.TypeOf(req))
	if rt.err != nil {
		return nil, nil, rt.err
	}
	var v reflect.Value
	if rt.req != nil {
		v = reflect.ValueOf(req)
		if rt.req.ptr {
			if v.IsNil() {
				return nil, nil, fmt.Errorf("client: %s: the request is a nil %s", pattern, v.Type())
			}
			v = v.Elem()
		}
	}
	o := &outgoing{method: rt.method}
	var err error
	if o.url, err = c.url(rt, v); err != nil {
		return nil, nil, fmt.Errorf("client: %s: %w", pattern, err)
	}
	if o.body, err = c.body(rt, req, v); err != nil {
		return nil, nil, fmt.Errorf("client: %s: %w", pattern, err)
	}
	if o.header, err = c.headers(ctx, rt, v, o.body != nil); err != nil {
		return nil, nil, fmt.Errorf("client: %s: %w", pattern, err)
	}
	return rt, o, nil
}

// url returns the URL of a call: the base, the path with its wildcards
// filled, and the query.
func (c *Client) url(rt *route, v reflect.Value) (string, error) {
	var b strings.Builder
	b.Grow(len(c.base) + 64)
	b.WriteString(c.base)
	var scratch [4]string
	for _, s := range rt.segs {
		b.WriteByte('/')
		if s.param == nil {
			b.WriteString(s.lit)
			continue
		}
		vals, err := s.param.values(v, scratch[:0])
		if err != nil {
			return "", err
		}
		if len(vals) == 0 {
			return "", s.param.errorf("is nil, and a path parameter is required")
		}
		if err := writePathValue(&b, vals[0], s.catchAll); err != nil {
			return "", s.param.errorf("%v", err)
		}
	}
	if rt.req == nil {
		return b.String(), nil
	}
	sep := byte('?')
	for _, p := range rt.req.query {
		vals, err := p.values(v, scratch[:0])
		if err != nil {
			return "", err
		}
		for _, val := range vals {
			b.WriteByte(sep)
			sep = '&'
			b.WriteString(url.QueryEscape(p.Name))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(val))
		}
	}
	return b.String(), nil
}

// writePathValue writes the escaped value of a wildcard. A {name} value is
// one segment, so it may be neither empty (marshal requires path values) nor
// a dot segment, which the server's path cleaning would remove; a
// {name...} value is the rest of the path, whose slashes separate segments
// that follow the same rules, but for a trailing slash.
func writePathValue(b *strings.Builder, val string, catchAll bool) error {
	if !catchAll {
		if err := checkSegment(val); err != nil {
			return err
		}
		b.WriteString(url.PathEscape(val))
		return nil
	}
	if val == "" {
		return checkSegment(val) // marshal requires every path value
	}
	parts := strings.Split(val, "/")
	for i, part := range parts {
		if part == "" && i == len(parts)-1 {
			break // a trailing slash
		}
		if err := checkSegment(part); err != nil {
			return fmt.Errorf("segment %d of %q %v", i+1, val, err)
		}
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(part))
	}
	if strings.HasSuffix(val, "/") {
		b.WriteByte('/')
	}
	return nil
}

// checkSegment refuses a path segment that the server's path cleaning
// would change.
func checkSegment(s string) error {
	switch s {
	case "":
		return fmt.Errorf("is empty, which no path segment can be")
	case ".", "..":
		return fmt.Errorf("is %q, a dot segment that the server's path cleaning removes", s)
	}
	return nil
}

// headers returns the headers of a call: Accept, Content-Type for a body,
// the request ID of ctx, Options.Header, and the header fields of v, each
// replacing the ones before.
func (c *Client) headers(ctx context.Context, rt *route, v reflect.Value, body bool) (http.Header, error) {
	h := make(http.Header, len(c.header)+4)
	h["Accept"] = []string{"application/json"}
	if body {
		h["Content-Type"] = []string{"application/json"}
	}
	if id := tonic.RequestIDFrom(ctx); id != "" && tonic.ValidRequestID(id) {
		h[reqid.HeaderKey] = []string{id}
	}
	for k, vs := range c.header {
		h[k] = vs
	}
	if rt.req == nil {
		return h, nil
	}
	for _, p := range rt.req.head {
		vals, err := p.values(v, nil)
		if err != nil {
			return nil, err
		}
		if len(vals) > 0 {
			h[p.Name] = vals
		}
	}
	return h, nil
}

// body returns the JSON body of a call, or nil when its request type has
// nothing for the body.
func (c *Client) body(rt *route, req any, v reflect.Value) ([]byte, error) {
	if !rt.req.hasBody() {
		return nil, nil
	}
	if rt.req.whole {
		b, err := c.codec.Marshal(req)
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		return b, nil
	}
	return rt.req.appendBody(make([]byte, 0, 128), v, c.codec)
}
