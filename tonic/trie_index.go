package tonic

// staticIndex holds the static children of a trie node. No two of them
// share a first segment. A few are scanned by the first byte of their
// literal; past manyChildren they are also found by a map keyed by their
// first segment, so that lookup costs the same at any fan-out. Adding a
// child never rebuilds the index (the map is built once, when the children
// outgrow the scan), so registration stays linear in the number of routes.
type staticIndex struct {
	firsts string           // the first byte of each child's literal (0 for ""), while few
	nodes  []*node          // the children, in the order they were added
	byLit  map[string]*node // the children by their literal's first segment, once many
}

// manyChildren is the number of static children above which a node finds
// them by a map instead of scanning them.
const manyChildren = 8

// add adds c, whose literal's first segment no child has yet.
func (x *staticIndex) add(c *node) {
	x.nodes = append(x.nodes, c)
	switch {
	case x.byLit != nil:
		x.byLit[firstSegment(c.lit)] = c
	case len(x.nodes) > manyChildren:
		x.byLit = make(map[string]*node, 2*len(x.nodes))
		for _, c := range x.nodes {
			x.byLit[firstSegment(c.lit)] = c
		}
		x.firsts = ""
	default:
		x.firsts += string(firstByte(c.lit))
	}
}

// bySegment returns the child whose literal's first segment is seg, or nil.
// x may be nil.
func (x *staticIndex) bySegment(seg string) *node {
	if x == nil {
		return nil
	}
	if x.byLit != nil {
		return x.byLit[seg]
	}
	b := firstByte(seg)
	for i := 0; i < len(x.firsts); i++ {
		if x.firsts[i] == b && firstSegment(x.nodes[i].lit) == seg {
			return x.nodes[i]
		}
	}
	return nil
}

// match returns the child whose literal starts the path s and ends at the
// end of s or before a '/', or nil. x may be nil.
func (x *staticIndex) match(s string) *node {
	if x == nil {
		return nil
	}
	if x.byLit != nil {
		if c := x.byLit[s[:segmentEnd(s)]]; c != nil && startsPath(s, c.lit) {
			return c
		}
		return nil
	}
	b := firstByte(s)
	for i := 0; i < len(x.firsts); i++ {
		if x.firsts[i] == b {
			if c := x.nodes[i]; startsPath(s, c.lit) {
				return c
			}
		}
	}
	return nil
}

// startsPath reports whether the path s starts with the literal lit,
// followed by the end of s or a '/'.
func startsPath(s, lit string) bool {
	return hasLiteralPrefix(s, lit) && (len(s) == len(lit) || s[len(lit)] == '/')
}

// firstSegment returns lit up to its first '/'.
func firstSegment(lit string) string {
	return lit[:segmentEnd(lit)]
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}
