package tonic

import (
	"errors"
	"net/url"
	"strings"
)

// canonicalPath returns the form of u's path that tonic matches routes
// against: the escaped path with every percent-escape decoded except %2F
// and %25, which stay escaped in upper case. So "/%61bc" is "/abc", "%2f" is
// "%2F", and an escaped slash stays inside its segment. It does not
// allocate for a path without escapes.
func canonicalPath(u *url.URL) string {
	if u.RawPath == "" {
		if !hasPercent(u.Path) {
			return u.Path
		}
		return strings.ReplaceAll(u.Path, "%", "%25")
	}
	c, err := normalizeEscapes(u.EscapedPath())
	if err != nil {
		return strings.ReplaceAll(u.Path, "%", "%25")
	}
	return c
}

// hasPercent reports whether p contains '%'. A plain loop beats
// strings.IndexByte's call overhead on the short strings of request paths;
// long ones (a long wildcard value) get IndexByte's vector search.
func hasPercent(p string) bool {
	if len(p) > shortPath {
		return strings.IndexByte(p, '%') >= 0
	}
	for i := 0; i < len(p); i++ {
		if p[i] == '%' {
			return true
		}
	}
	return false
}

// errBadEscape reports a malformed percent-escape.
var errBadEscape = errors.New("malformed percent-escape")

// normalizeEscapes decodes the percent-escapes of an escaped path, except
// %2F and %25, which it upper-cases.
func normalizeEscapes(s string) (string, error) {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for ; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", errBadEscape
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if c == '/' || c == '%' {
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		} else {
			b = append(b, c)
		}
		i += 2
	}
	return string(b), nil
}

// escapePath turns a canonical path back into a valid escaped path, for
// Location headers and RawPath: bytes that RFC 3986 does not allow in a path
// are percent-encoded (a backslash becomes %5C), and the %2F and %25 escapes
// of the canonical form are kept.
func escapePath(p string) string {
	n := 0
	for i := 0; i < len(p); i++ {
		if !pathByteOK(p[i]) {
			n++
		}
	}
	if n == 0 {
		return p
	}
	b := make([]byte, 0, len(p)+2*n)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if pathByteOK(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return string(b)
}

// pathByteOK reports whether c may stand unescaped in a canonical path that
// is sent back to a client: RFC 3986 pchar, '/', and the '%' of %2F and %25.
func pathByteOK(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/%", c) >= 0
}

// plainCleanPath reports whether p, an unescaped URL.Path whose RawPath is
// empty, is already canonical and clean: it starts with '/', has no '%',
// and has no empty, "." or ".." segments. It is the one pass the common
// request needs before routing.
func plainCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	if len(p) > longPath {
		return longPlainCleanPath(p)
	}
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '%':
			return false
		case '/':
			if i+1 < len(p) && (p[i+1] == '/' || p[i+1] == '.') && uncleanSegment(p[i+1:]) {
				return false
			}
		}
	}
	return true
}

// shortPath is the length from which hasPercent calls IndexByte.
const shortPath = 16

// longPath is the length from which a path is searched with the vector
// searches of package strings rather than a plain loop.
const longPath = 64

// longPlainCleanPath is plainCleanPath for a long path: vector searches
// for '%', "//" and "/.", the last checked segment by segment.
func longPlainCleanPath(p string) bool {
	return strings.IndexByte(p, '%') < 0 && longCleanPath(p)
}

// cleanAfterSlash reports whether "/"+s has no empty, "." or ".." segments
// after its first one, as isCleanPath would, without building it.
func cleanAfterSlash(s string) bool {
	if len(s) > longPath {
		return longCleanPath(s)
	}
	return isCleanPath(s)
}

// longCleanPath is isCleanPath for a long path: vector searches for "//"
// and "/.", the last checked segment by segment.
func longCleanPath(p string) bool {
	if indexPair(p, "//") >= 0 {
		return false
	}
	if strings.IndexByte(p, '.') < 0 {
		return true
	}
	for i := 0; ; {
		j := indexPair(p[i:], "/.")
		if j < 0 {
			return true
		}
		if i += j + 1; uncleanSegment(p[i:]) {
			return false
		}
	}
}

// indexPair returns the index of the first instance of the two bytes pair
// in s, or -1. It hands strings.Index windows of 64 bytes (overlapping by
// one), which it searches with its vector code, where on a long string with
// many pair[0] bytes it would call IndexByte once for each of them.
func indexPair(s, pair string) int {
	for i := 0; i+1 < len(s); i += 63 {
		if j := strings.Index(s[i:min(i+64, len(s))], pair); j >= 0 {
			return i + j
		}
	}
	return -1
}

// isCleanPath reports whether p, which starts with '/', has no empty, "."
// or ".." segments (a trailing slash is fine), so httprouter.CleanPath would
// return it unchanged.
func isCleanPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && uncleanSegment(p[i+1:]) {
			return false
		}
	}
	return true
}

// uncleanSegment reports whether rest, the path after a '/', starts with an
// empty, "." or ".." segment; the empty rest of a trailing slash is fine. It
// looks at that one segment only, so that checking a path stays linear.
func uncleanSegment(rest string) bool {
	switch {
	case rest == "":
		return false
	case rest[0] == '/':
		return true
	case rest[0] == '.':
		return len(rest) == 1 || rest[1] == '/' || (rest[1] == '.' && (len(rest) == 2 || rest[2] == '/'))
	}
	return false
}

// unescapeValue turns a canonical segment (or rest of a path) into the value
// handed to handlers: %2F becomes '/' and %25 becomes '%'.
func unescapeValue(s string) string {
	if !hasPercent(s) {
		return s
	}
	v, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return v
}

const upperHex = "0123456789ABCDEF"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
