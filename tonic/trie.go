package tonic

import "strings"

// node is a trie node: a run of one or more literal path segments, or one
// wildcard. A route pattern ends at the node of its last segment (or, for a
// catch-all, at the catchAll child of the node before it); a namespace ends
// at the node of its prefix's last segment. Static children are kept by
// staticIndex (trie_index.go), and a chain of literal segments that nothing
// branches off or ends inside is one node whose literal is the segments
// joined by '/', so that lookup compares it in one go.
type node struct {
	lit      string       // the literal this static child matches: segments joined by '/'
	segs     int          // the number of segments in lit
	statics  *staticIndex // nil while the node has no static child
	wild     *node        // the child for {name} segments
	catchAll *node        // the leaf of {name...} patterns ending here
	routes   *routeSet    // routes whose pattern ends at this node
	ns       *namespace   // the namespace whose prefix ends at this node
}

// child returns the child of n for one pattern segment, creating it, and
// splitting a literal run that the segment ends inside.
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
	c, _ := n.staticRun([]segment{seg})
	return c
}

// insert returns the node where the pattern segments end, creating the
// nodes on the way and splitting the literal runs they end or branch inside.
func (n *node) insert(segs []segment) *node {
	for len(segs) > 0 {
		if segs[0].kind != segLiteral {
			n, segs = n.child(segs[0]), segs[1:]
			continue
		}
		k := 1
		for k < len(segs) && segs[k].kind == segLiteral {
			k++
		}
		var used int
		n, used = n.staticRun(segs[:k])
		segs = segs[used:]
	}
	return n
}

// staticRun follows the static child of n that starts with the literal
// segments of run, splitting it where run leaves it, or creates one for the
// whole run. It returns the child and how many of run's segments it takes.
func (n *node) staticRun(run []segment) (*node, int) {
	c := n.statics.bySegment(run[0].text)
	if c == nil {
		c = &node{lit: joinLiterals(run), segs: len(run)}
		n.addStatic(c)
		return c, len(run)
	}
	m, off := commonSegments(c.lit, run)
	if m < c.segs {
		c.split(m, off)
	}
	return c, m
}

// split cuts n's literal after its first m segments, which end at byte off:
// n keeps them, and a new only child takes the rest of the literal with
// everything n had. n stays where it is, so its parent's index holds.
func (n *node) split(m, off int) {
	tail := new(node)
	*tail = *n
	tail.lit, tail.segs = n.lit[off+1:], n.segs-m
	*n = node{lit: n.lit[:off], segs: m}
	n.addStatic(tail)
}

// addStatic adds the static child c, whose literal's first segment no
// child of n has yet.
func (n *node) addStatic(c *node) {
	if n.statics == nil {
		n.statics = &staticIndex{}
	}
	n.statics.add(c)
}

// joinLiterals joins the texts of literal segments with '/'.
func joinLiterals(run []segment) string {
	if len(run) == 1 {
		return run[0].text
	}
	size := len(run) - 1
	for _, s := range run {
		size += len(s.text)
	}
	b := make([]byte, 0, size)
	for i, s := range run {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, s.text...)
	}
	return string(b)
}

// commonSegments returns how many of the first segments of lit (joined by
// '/') equal those of run, at least 1 when the first ones do, and the byte
// offset in lit where the last common segment ends.
func commonSegments(lit string, run []segment) (m, off int) {
	start := 0
	for m < len(run) {
		end := start + segmentEnd(lit[start:])
		if lit[start:end] != run[m].text {
			break
		}
		m, off = m+1, end
		if end == len(lit) {
			break
		}
		start = end + 1
	}
	return m, off
}

// lookup finds the most specific route for method (whose slot is mi) that
// matches a path, or else the namespace that takes it. The path continues
// with "/"+s after n's segment when more is set, and ends at n otherwise.
// Candidates are tried in precedence order (literal, wildcard, catch-all,
// namespace) with backtracking, so a more specific route that fails deeper
// or lacks the method does not hide a less specific one. When vals asks
// for the check, lookup also checks each segment it reaches and the value
// of a catch-all it matches for empty, "." and ".." segments, and gives up
// on the first (see values.unclean): the segments of a literal it matches
// are clean, as pattern literals are, so a path it matches this way has
// been checked whole. head reports that
// a HEAD request is served by a GET route. depth is the segment index of
// the path's next segment. When nothing is found, vals (if not nil) records
// whether a route for another method matched, which is all the 405 check
// needs to know.
func (n *node) lookup(s string, more bool, mi int, method string, vals *values, depth int) (rt *route, ns *namespace, head bool) {
	for {
		if more && vals.uncleanAt(s) {
			return nil, nil, false
		}
		if !more || n.wild != nil || n.catchAll != nil || n.ns != nil {
			break
		}
		// Only a static child can match here, so there is nothing to come
		// back to if it fails deeper: follow it without recursing.
		c, rest, next := n.matchStatic(s)
		if c == nil {
			return nil, nil, false
		}
		n, s, more, depth = c, rest, next, depth+c.segs
	}
	if !more {
		if n.routes != nil {
			if rt, head = n.routes.get(mi, method); rt != nil {
				return rt, nil, head
			}
			vals.sawRoute()
		}
		return nil, n.ns, false
	}
	if c, rest, next := n.matchStatic(s); c != nil {
		if rt, ns, head = c.lookup(rest, next, mi, method, vals, depth+c.segs); rt != nil || ns != nil {
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
			if vals != nil && vals.check && !cleanAfterSlash(s) {
				vals.unclean = true
				return nil, nil, false
			}
			vals.set(depth, len(s), len(s))
			return rt, nil, head
		}
		vals.sawRoute()
	}
	return nil, n.ns, false
}

// matchStatic returns the static child whose literal starts s, ending at
// the end of s or before a '/', with the rest of the path after it.
func (n *node) matchStatic(s string) (c *node, rest string, more bool) {
	if c = n.statics.match(s); c == nil || len(s) == len(c.lit) {
		return c, "", false
	}
	return c, s[len(c.lit)+1:], true
}

// hasLiteralPrefix reports whether s starts with lit. A plain loop beats a
// call to the runtime's memequal on the short literals of routes; a long
// literal run is compared with memequal.
func hasLiteralPrefix(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	if len(lit) > 16 {
		return s[:len(lit)] == lit
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
	if len(s) > 32 {
		if i := strings.IndexByte(s, '/'); i >= 0 {
			return i
		}
		return len(s)
	}
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
