package client

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
)

// routeKey names a plan: a pattern called with a request type.
type routeKey struct {
	pattern string
	typ     reflect.Type // nil for a call without a request value
}

// route is what a Client knows, from the first call on, about calling a
// pattern with a request type: where each part of the request goes. A
// pattern the type cannot fill keeps its error, returned by every call.
type route struct {
	method     string
	segs       []segment
	req        *typePlan // nil for a call without a request value
	idempotent bool
	err        error
}

// segment is one '/'-separated part of a pattern's path: a literal, or a
// wildcard filled from a path parameter.
type segment struct {
	lit      string // the escaped literal, for a literal
	param    *param // the path parameter, for a wildcard
	catchAll bool   // a {name...} wildcard: the rest of the path
}

// route returns the plan for pattern and typ, making it on the first call.
func (c *Client) route(pattern string, typ reflect.Type) *route {
	key := routeKey{pattern, typ}
	if r, ok := c.routes.Load(key); ok {
		return r.(*route)
	}
	r := c.newRoute(pattern, typ)
	if r.err != nil {
		r.err = fmt.Errorf("client: %s with %v: %w", pattern, typeName(typ), r.err)
	}
	actual, _ := c.routes.LoadOrStore(key, r)
	return actual.(*route)
}

// typeName names a request type in messages.
func typeName(t reflect.Type) string {
	if t == nil {
		return "no request"
	}
	return t.String()
}

// newRoute parses pattern and ties its wildcards to the path parameters of
// typ.
func (c *Client) newRoute(pattern string, typ reflect.Type) *route {
	method, path, ok := strings.Cut(pattern, " ")
	path = strings.TrimLeft(path, " ")
	if !ok || !isToken(method) || !strings.HasPrefix(path, "/") {
		return &route{err: fmt.Errorf(`want "METHOD /path", such as "GET /items/{id}"`)}
	}
	if upper := strings.ToUpper(method); idempotent(upper) || upper == http.MethodPost || upper == http.MethodPatch {
		method = upper // as tonic registers "get" as GET
	}
	r := &route{method: method, idempotent: idempotent(method)}
	if typ != nil {
		tp, err := c.typePlan(typ)
		if err != nil {
			return &route{err: err}
		}
		r.req = tp
	}
	if err := r.parsePath(path); err != nil {
		return &route{err: err}
	}
	return r
}

// parsePath splits path into segments and binds each wildcard, checking
// that every path parameter of the request has its wildcard.
func (r *route) parsePath(path string) error {
	used := map[string]bool{}
	parts := strings.Split(path[1:], "/")
	for i, part := range parts {
		name, wild, catchAll := wildcard(part)
		switch {
		case !wild:
			if strings.ContainsAny(part, "{}?#") {
				return fmt.Errorf("segment %q: a wildcard must be a whole segment, {name} or {name...}", part)
			}
			r.segs = append(r.segs, segment{lit: escapeLiteral(part)})
			continue
		case !isIdentifier(name):
			return fmt.Errorf("wildcard name %q is not a Go identifier", name)
		case catchAll && i != len(parts)-1:
			return fmt.Errorf("catch-all {%s...} must be the last segment", name)
		case used[name]:
			return fmt.Errorf("wildcard {%s} appears twice", name)
		}
		used[name] = true
		p := r.req.pathParam(name)
		if p == nil {
			return fmt.Errorf("wildcard {%s} is bound by no field; want a field tagged path:%q", name, name)
		}
		r.segs = append(r.segs, segment{param: p, catchAll: catchAll})
	}
	if r.req != nil {
		for _, p := range r.req.path {
			if !used[p.Name] {
				return fmt.Errorf("field %s is tagged path:%q, but the pattern has no wildcard {%s}", p.Field, p.Name, p.Name)
			}
		}
	}
	return nil
}

// wildcard parses a segment in any of tonic's wildcard forms: {name},
// {name...}, :name and *name.
func wildcard(part string) (name string, wild, catchAll bool) {
	switch {
	case len(part) >= 2 && part[0] == '{' && part[len(part)-1] == '}':
		name = part[1 : len(part)-1]
		if n, ok := strings.CutSuffix(name, "..."); ok {
			return n, true, true
		}
		return name, true, false
	case strings.HasPrefix(part, ":"):
		return part[1:], true, false
	case strings.HasPrefix(part, "*"):
		return part[1:], true, true
	}
	return "", false, false
}

// escapeLiteral percent-encodes the bytes of a literal segment that may
// not stand in a path, keeping the escapes it has.
func escapeLiteral(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; pathByteOK(c) || c == '%' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// pathByteOK reports whether c may stand unescaped in a path segment: an
// RFC 3986 pchar.
func pathByteOK(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}

// isToken reports whether s is a non-empty HTTP token, as a method is.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// isIdentifier reports whether s is a Go identifier of ASCII letters,
// digits and underscores, as tonic's wildcard names are.
func isIdentifier(s string) bool {
	if s == "" || '0' <= s[0] && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// idempotent reports whether RFC 9110 calls method idempotent, so that a
// call may be retried.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}
