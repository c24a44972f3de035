package config

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
)

// maxDepth bounds the nesting of objects and arrays (and YAML aliases).
const maxDepth = 1000

// kind is the JSON kind of a value.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindObject
	kindArray
)

// String says what the kind is, for messages.
func (k kind) String() string {
	switch k {
	case kindBool:
		return "boolean"
	case kindNumber:
		return "number"
	case kindString:
		return "string"
	case kindObject:
		return "object"
	case kindArray:
		return "array"
	}
	return "null"
}

// node is a value of the file, JSON or YAML alike, with the line it is on.
type node struct {
	kind  kind
	line  int
	text  string   // a bool "true" or "false", a number's JSON literal, a string's value
	keys  []member // an object's members, in the file's order
	elems []*node  // an array's elements
}

// member is an object's key and value.
type member struct {
	name  string
	line  int
	value *node
}

// describe returns the kind of n, with its value when it is a scalar, for
// messages: `number 10`, `string "x"`.
func (n *node) describe() string {
	switch n.kind {
	case kindBool, kindNumber:
		return n.kind.String() + " " + n.text
	case kindString:
		b, _ := json.Marshal(n.text)
		return "string " + string(b)
	}
	return n.kind.String()
}

// span is where a node's value is in the encoded JSON.
type span struct {
	start, end int
	line       int
	path       string
	node       *node
}

// encoder writes a tree as JSON and records the spans of its values.
type encoder struct {
	buf   []byte
	spans []span
}

// encode returns n as JSON and the spans of its values, in document order.
func encode(n *node) ([]byte, []span) {
	e := &encoder{}
	e.value(n, "")
	return e.buf, e.spans
}

// value appends n at path.
func (e *encoder) value(n *node, path string) {
	i := len(e.spans)
	e.spans = append(e.spans, span{start: len(e.buf), line: n.line, path: path, node: n})
	switch n.kind {
	case kindNull:
		e.buf = append(e.buf, "null"...)
	case kindBool, kindNumber:
		e.buf = append(e.buf, n.text...)
	case kindString:
		b, _ := json.Marshal(n.text) // a string always encodes
		e.buf = append(e.buf, b...)
	case kindObject:
		e.buf = append(e.buf, '{')
		for j, m := range n.keys {
			if j > 0 {
				e.buf = append(e.buf, ',')
			}
			b, _ := json.Marshal(m.name)
			e.buf = append(append(e.buf, b...), ':')
			e.value(m.value, keyPath(path, m.name))
		}
		e.buf = append(e.buf, '}')
	case kindArray:
		e.buf = append(e.buf, '[')
		for j, el := range n.elems {
			if j > 0 {
				e.buf = append(e.buf, ',')
			}
			e.value(el, indexPath(path, j))
		}
		e.buf = append(e.buf, ']')
	}
	e.spans[i].end = len(e.buf)
}

// locate returns the innermost span that holds the byte before offset,
// where encoding/json reports an error, or the zero span.
func locate(spans []span, offset int) span {
	var best span
	for _, s := range spans {
		if s.start < offset && offset <= s.end {
			best = s // later spans that hold it are nested inside
		}
	}
	return best
}

// keyPath returns the path of key key in the object at path.
func keyPath(path, key string) string {
	var b strings.Builder
	b.WriteString(path)
	jsonfield.WriteKey(&b, key)
	return strings.TrimPrefix(b.String(), ".")
}

// indexPath returns the path of element i of the array at path.
func indexPath(path string, i int) string {
	var b strings.Builder
	b.WriteString(path)
	jsonfield.WriteIndex(&b, i)
	return b.String()
}

// lineIndex finds the line of a byte offset.
type lineIndex []int // the offsets of the newlines

// newLineIndex indexes data's lines.
func newLineIndex(data []byte) lineIndex {
	var idx lineIndex
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i)
		}
	}
	return idx
}

// line returns the line, from 1, of the byte at offset.
func (idx lineIndex) line(offset int) int {
	return 1 + sort.SearchInts(idx, offset)
}
