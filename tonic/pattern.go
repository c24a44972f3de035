package tonic

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// segKind is the kind of one pattern segment.
type segKind uint8

const (
	segLiteral  segKind = iota // matches exactly its text
	segWild                    // {name} or :name: one non-empty segment
	segCatchAll                // {name...} or *name: the rest of the path, possibly empty
)

// segment is one '/'-separated element of a pattern.
type segment struct {
	kind segKind
	text string // the canonical literal, or the wildcard name
}

// pattern is a parsed route pattern.
type pattern struct {
	segs []segment
	str  string // canonical form, with {name} and {name...} wildcards
}

// parsePattern parses a route pattern: a '/' followed by '/'-separated
// segments, each a literal, a wildcard {name} or :name matching one
// non-empty segment, or, last, a catch-all {name...} or *name matching the
// rest of the path. Literals are normalised like request paths (see
// canonicalPath), so "/%61bc" and "/abc" are the same pattern. As in
// ServeMux, a literal with a malformed escape ("%x", "%") is taken
// literally, every '%' in it a '%' ("/%x" matches the path /%25x), and a
// '#' is a character like any other ("/#" matches /%23). A '?' is refused:
// it would match only an escaped %3F, and is always a query string
// mistaken for the path.
func parsePattern(p string) (*pattern, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, errors.New("must start with '/'")
	}
	if i := strings.IndexAny(p, "?\x00"); i >= 0 {
		return nil, fmt.Errorf("contains %q", p[i])
	}
	pat := &pattern{segs: make([]segment, 0, strings.Count(p, "/"))}
	canonical := true // p is already as format writes it
	for i, rest := 1, p[1:]; ; i++ {
		part, more, last := rest, "", true
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			part, more, last = rest[:j], rest[j+1:], false
		}
		seg, err := parseSegment(part, last)
		if err != nil {
			return nil, fmt.Errorf("segment %d %q: %w", i, part, err)
		}
		if seg.kind != segLiteral && pat.hasWildcard(seg.text) {
			return nil, fmt.Errorf("wildcard name %q appears twice", seg.text)
		}
		canonical = canonical && seg.canonicalAs(part)
		pat.segs = append(pat.segs, seg)
		if last {
			break
		}
		rest = more
	}
	pat.str = p
	if !canonical {
		pat.str = pat.format()
	}
	return pat, nil
}

// hasWildcard reports whether p has a wildcard named name so far.
func (p *pattern) hasWildcard(name string) bool {
	for _, s := range p.segs {
		if s.kind != segLiteral && s.text == name {
			return true
		}
	}
	return false
}

// canonicalAs reports whether part, the pattern's text of s, is already
// what format writes for s, so that a pattern written canonically is kept
// as given instead of formatted again.
func (s segment) canonicalAs(part string) bool {
	switch s.kind {
	case segWild:
		return len(part) == len(s.text)+2 && part[0] == '{'
	case segCatchAll:
		return len(part) == len(s.text)+5 && part[0] == '{'
	}
	return part == s.text && escapePath(s.text) == s.text && (s.text == "" || s.text[0] != ':' && s.text[0] != '*')
}

// parseSegment parses one segment; last says whether it ends the pattern.
func parseSegment(part string, last bool) (segment, error) {
	var seg segment
	switch {
	case strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}"):
		name := part[1 : len(part)-1]
		seg = segment{kind: segWild, text: name}
		if n, ok := strings.CutSuffix(name, "..."); ok {
			seg = segment{kind: segCatchAll, text: n}
		}
	case strings.HasPrefix(part, ":"):
		seg = segment{kind: segWild, text: part[1:]}
	case strings.HasPrefix(part, "*"):
		seg = segment{kind: segCatchAll, text: part[1:]}
	case strings.ContainsAny(part, "{}"):
		return seg, errors.New("a wildcard must be a whole segment")
	case part == "" && !last:
		return seg, errors.New("empty segment")
	default:
		lit, err := normalizeEscapes(part)
		if err != nil { // kept literally, as ServeMux keeps it: "%x" matches /%25x
			lit = strings.ReplaceAll(part, "%", "%25")
		}
		if lit == "." || lit == ".." {
			return seg, errors.New("dot segments never match a cleaned path")
		}
		return segment{kind: segLiteral, text: lit}, nil
	}
	if !isIdentifier(seg.text) {
		return seg, fmt.Errorf("wildcard name %q is not a Go identifier", seg.text)
	}
	if seg.kind == segCatchAll && !last {
		return seg, errors.New("a catch-all must be the last segment")
	}
	return seg, nil
}

// format returns the canonical pattern string, escaped as a path is.
func (p *pattern) format() string {
	var b strings.Builder
	for _, s := range p.segs {
		b.WriteByte('/')
		switch s.kind {
		case segLiteral:
			lit := escapePath(s.text)
			if lit != "" && (lit[0] == ':' || lit[0] == '*') { // not a wildcard
				lit = "%" + hex.EncodeToString([]byte{lit[0]}) + lit[1:]
			}
			b.WriteString(lit)
		case segWild:
			b.WriteString("{" + s.text + "}")
		case segCatchAll:
			b.WriteString("{" + s.text + "...}")
		}
	}
	return b.String()
}

// example returns a request path that the pattern matches, for messages.
func (p *pattern) example() string {
	var b strings.Builder
	for _, s := range p.segs {
		b.WriteByte('/')
		switch s.kind {
		case segLiteral:
			b.WriteString(s.text)
		case segWild:
			b.WriteString(s.text)
		case segCatchAll:
			b.WriteString(s.text + "/more")
		}
	}
	return b.String()
}

// isIdentifier reports whether s is a Go identifier (ASCII letters, digits
// and underscores, not starting with a digit).
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
