package tonic

import (
	"net/http"
	"strconv"
	"strings"
)

// Accepts reports whether a response of mediaType ("type/subtype", without
// parameters) is acceptable to a client that sent the Accept header value
// accept. It follows RFC 9110 section 12.5.1: of the media ranges that match
// mediaType, the most specific one (type/subtype, then type/*, then */*)
// decides, and its q-value must be above zero. Media-range parameters other
// than q are ignored; malformed ranges are skipped. An empty header accepts
// everything; a header where no range matches accepts nothing.
func Accepts(accept, mediaType string) bool {
	if accept == "" || accept == mediaType || accept == "*/*" {
		return true
	}
	typ, sub, ok := strings.Cut(mediaType, "/")
	if !ok {
		return false
	}
	best, bestQ := 0, 0.0
	forEachRange(accept, func(rt, rs string, q float64) {
		spec := specificity(rt, rs, typ, sub)
		if spec > best {
			best, bestQ = spec, q
		}
	})
	return best > 0 && bestQ > 0
}

// AcceptsJSON reports whether a client that sent the Accept header value
// accept takes a JSON body: application/json is acceptable as Accepts says,
// or, when no range mentions application/json at all (not even through
// application/* or */*), the client asks for some +json type such as
// application/problem+json. An empty header means JSON.
func AcceptsJSON(accept string) bool {
	switch accept {
	case "", "application/json", "*/*":
		return true
	}
	best, bestQ, suffixJSON := 0, 0.0, false
	forEachRange(accept, func(rt, rs string, q float64) {
		if spec := specificity(rt, rs, "application", "json"); spec > best {
			best, bestQ = spec, q
		}
		if q > 0 && len(rs) > len("+json") && strings.EqualFold(rs[len(rs)-len("+json"):], "+json") {
			suffixJSON = true
		}
	})
	if best > 0 {
		return bestQ > 0
	}
	return suffixJSON
}

// AcceptHeader returns the request's Accept header, joining repeated header
// lines with commas as RFC 9110 allows. It allocates only for repeated lines.
func AcceptHeader(r *http.Request) string {
	v := r.Header["Accept"]
	switch len(v) {
	case 0:
		return ""
	case 1:
		return v[0]
	}
	return strings.Join(v, ",")
}

// specificity scores how specifically the range rt/rs matches typ/sub: 3 for
// an exact match, 2 for typ/*, 1 for */*, 0 for no match.
func specificity(rt, rs, typ, sub string) int {
	switch {
	case rt == "*" && rs == "*":
		return 1
	case !strings.EqualFold(rt, typ):
		return 0
	case rs == "*":
		return 2
	case strings.EqualFold(rs, sub):
		return 3
	}
	return 0
}

// forEachRange calls f with the type, subtype and q-value of each well-formed
// media range in an Accept header value. It does not allocate.
func forEachRange(accept string, f func(typ, sub string, q float64)) {
	for accept != "" {
		var item string
		item, accept = cutUnquoted(accept, ',')
		mediaRange, params := cutUnquoted(item, ';')
		typ, sub, ok := strings.Cut(strings.TrimSpace(mediaRange), "/")
		if !ok || !isToken(typ) || !isToken(sub) || (typ == "*" && sub != "*") {
			continue
		}
		if q, ok := qValue(params); ok {
			f(typ, sub, q)
		}
	}
}

// qValue finds the q parameter among ';'-separated params. A missing q is 1;
// a malformed one makes the whole range invalid.
func qValue(params string) (float64, bool) {
	for params != "" {
		var p string
		p, params = cutUnquoted(params, ';')
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 || q > 1 {
			return 0, false
		}
		return q, true
	}
	return 1, true
}

// cutUnquoted cuts s around the first sep that is not inside a quoted string.
func cutUnquoted(s string, sep byte) (before, after string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case c == '\\' && quoted:
			i++
		case c == sep && !quoted:
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// isToken reports whether s is a non-empty RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}
