package redact

import (
	"encoding/json"
)

// JSON returns the JSON text b with the value of every object member whose
// key names a secret replaced by "[REDACTED]", whatever the value (a
// string, a number, an object, an array). b may be cut short, as a bounded
// capture of a body is, or not be JSON at all: JSON never fails, copies
// what it does not understand, and masks a secret value cut short as well.
// It returns b itself when there is nothing to mask.
func (m *Matcher) JSON(b []byte) []byte {
	var out []byte // made at the first secret
	copied := 0    // b[:copied] is in out
	for i := 0; i < len(b); {
		if b[i] != '"' {
			i++
			continue
		}
		end := skipString(b, i)
		if end < 0 {
			break // cut short
		}
		colon := skipSpace(b, end)
		if colon >= len(b) || b[colon] != ':' || !m.Name(stringText(b[i:end])) {
			i = end
			continue
		}
		start := skipSpace(b, colon+1)
		if out == nil {
			out = make([]byte, 0, len(b))
		}
		out = append(out, b[copied:start]...)
		out = append(out, `"`+Mask+`"`...)
		copied = skipValue(b, start)
		i = copied
	}
	if out == nil {
		return b
	}
	return append(out, b[copied:]...)
}

// skipString returns the end of the string whose quote is at b[i], just
// past its closing quote, or -1 when b ends first.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipSpace returns the index of the first byte from i that is not JSON
// whitespace.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// skipValue returns the end of the value that starts at b[i], or len(b)
// when b ends first.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		if end := skipString(b, i); end >= 0 {
			return end
		}
		return len(b)
	case '{', '[':
		return skipNested(b, i)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// skipNested returns the end of the object or array that starts at b[i],
// or len(b) when b ends first.
func skipNested(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			end := skipString(b, i)
			if end < 0 {
				return len(b)
			}
			i = end
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return len(b)
}

// stringText returns the text of a quoted JSON string, unescaped when it
// has escapes ("pass\u0077ord" is "password").
func stringText(quoted []byte) string {
	inner := quoted[1 : len(quoted)-1]
	for _, c := range inner {
		if c == '\\' {
			var s string
			if json.Unmarshal(quoted, &s) == nil {
				return s
			}
			break
		}
	}
	return string(inner)
}
