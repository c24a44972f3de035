package tonic

import (
	"slices"
	"sort"
)

// node is a trie node: one path segment. A route pattern ends at the node of
// its last segment (or, for a catch-all, at the catchAll child of the node
// before it); a namespace ends at the node of its prefix's last segment.
type node struct {
	lit      string       // the literal this static child matches
	indices  []byte       // first byte of each static child's literal, 0 for ""; sorted
	statics  []*node      // static children, parallel to indices
	first    *[256]uint16 // 1 + the index of the first child for each first byte, for many children
	wild     *node        // the child for {name} segments
	catchAll *node        // the leaf of {name...} patterns ending here
	routes   *routeSet    // routes whose pattern ends at this node
	ns       *namespace
}

// child returns the child of n for a pattern segment, creating it.
func (n *node) child(seg segment) *node {
	switch seg.kind {
	case segWild:
		if n.wild == nil {
			n.wild = &node{}
		}
		return n.wild
	case segCatchAll:
		if n.catchAll == nil {
			n.catchAll = &node{}
		}
		return n.catchAll
	}
	if c := n.static(seg.text); c != nil {
		return c
	}
	c := &node{lit: seg.text}
	b := firstByte(seg.text)
	i := sort.Search(len(n.indices), func(i int) bool { return n.indices[i] > b })
	n.indices = slices.Insert(n.indices, i, b)
	n.statics = slices.Insert(n.statics, i, c)
	n.first = nil
	if len(n.indices) > manyChildren {
		n.first = new([256]uint16)
		for j := len(n.indices) - 1; j >= 0; j-- {
			n.first[n.indices[j]] = uint16(j + 1)
		}
	}
	return c
}

// manyChildren is the number of static children above which a node indexes
// them by first byte instead of scanning from the first.
const manyChildren = 6

// static returns the static child whose literal is seg, or nil.
func (n *node) static(seg string) *node {
	b := firstByte(seg)
	for i, c := range n.indices {
		if c == b && n.statics[i].lit == seg {
			return n.statics[i]
		}
	}
	return nil
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// insert returns the node where the pattern ends, creating the nodes on the way.
func (n *node) insert(segs []segment) *node {
	for _, s := range segs {
		n = n.child(s)
	}
	return n
}

// lookup finds the most specific route for method (whose slot is mi) that
// matches a path, or else the namespace that takes it. The path continues
// with "/"+s after n's segment when more is set, and ends at n otherwise.
// Candidates are tried in precedence order (literal, wildcard, catch-all,
// namespace) with backtracking, so a more specific route that fails deeper
// or lacks the method does not hide a less specific one. head reports that
// a HEAD request is served by a GET route.
func (n *node) lookup(s string, more bool, mi int, method string, vals *values, depth int) (rt *route, ns *namespace, head bool) {
	if !more {
		if n.routes != nil {
			if rt, head = n.routes.get(mi, method); rt != nil {
				return rt, nil, head
			}
		}
		return nil, n.ns, false
	}
	if c, rest, next := n.matchStatic(s); c != nil {
		if rt, ns, head = c.lookup(rest, next, mi, method, vals, depth+1); rt != nil || ns != nil {
			return rt, ns, head
		}
	}
	if n.wild != nil {
		if end := segmentEnd(s); end > 0 {
			rest, next := "", end < len(s)
			if next {
				rest = s[end+1:]
			}
			if rt, ns, head = n.wild.lookup(rest, next, mi, method, vals, depth+1); rt != nil || ns != nil {
				vals.set(depth, len(s), end)
				return rt, ns, head
			}
		}
	}
	if n.catchAll != nil && n.catchAll.routes != nil {
		if rt, head = n.catchAll.routes.get(mi, method); rt != nil {
			vals.set(depth, len(s), len(s))
			return rt, nil, head
		}
	}
	return nil, n.ns, false
}

// maxCaptured is the depth up to which lookup captures wildcard values;
// deeper routes (rare) find theirs by scanning the path again.
const maxCaptured = 16

// values records where, in the path given to lookup, the wildcard of each
// segment index matched, as start<<16|end offsets. It lives on the stack of
// ServeHTTP and is small, so that zeroing it costs next to nothing.
type values struct {
	path string // the path whose part after the first '/' lookup walks
	span [maxCaptured]uint32
}

// set records that the wildcard at segment index depth matched the first n
// bytes of the last left bytes of v.path.
func (v *values) set(depth, left, n int) {
	if v != nil && depth < maxCaptured && len(v.path) < 1<<16 {
		start := len(v.path) - left
		v.span[depth] = uint32(start)<<16 | uint32(start+n)
	}
}

// get returns the escaped value of the wildcard at segment index depth.
func (v *values) get(depth int) string {
	x := v.span[depth]
	return v.path[x>>16 : x&0xffff]
}

// matchStatic returns the static child whose literal is the first segment
// of s, with the rest of the path after it, comparing the literal with the
// start of s so that no segment is cut out first.
func (n *node) matchStatic(s string) (c *node, rest string, more bool) {
	b := firstByte(s)
	start := 0
	if n.first != nil {
		if start = int(n.first[b]) - 1; start < 0 {
			return nil, "", false
		}
	}
	for i := start; i < len(n.indices); i++ {
		if ib := n.indices[i]; ib != b {
			if ib > b {
				break
			}
			continue
		}
		c = n.statics[i]
		l := len(c.lit)
		if !hasLiteralPrefix(s, c.lit) {
			continue
		}
		if len(s) == l {
			return c, "", false
		}
		if s[l] == '/' {
			return c, s[l+1:], true
		}
	}
	return nil, "", false
}

// hasLiteralPrefix reports whether s starts with lit. A plain loop beats a
// call to the runtime's memequal on the short literals of routes.
func hasLiteralPrefix(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	for i := 0; i < len(lit); i++ {
		if s[i] != lit[i] {
			return false
		}
	}
	return true
}

// segmentEnd returns the index of the first '/' in s, or len(s).
func segmentEnd(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return i
		}
	}
	return len(s)
}

// allowed adds to set the methods of every route that matches the path
// described as for lookup, whatever its method.
func (n *node) allowed(s string, more bool, set *[]string) {
	if !more {
		if n.routes != nil {
			n.routes.addMethods(set)
		}
		return
	}
	if c, rest, next := n.matchStatic(s); c != nil {
		c.allowed(rest, next, set)
	}
	if end := segmentEnd(s); n.wild != nil && end > 0 {
		rest, next := "", end < len(s)
		if next {
			rest = s[end+1:]
		}
		n.wild.allowed(rest, next, set)
	}
	if n.catchAll != nil && n.catchAll.routes != nil {
		n.catchAll.routes.addMethods(set)
	}
}
