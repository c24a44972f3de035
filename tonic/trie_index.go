package tonic

import "hash/maphash"

// staticIndex holds the static children of a trie node. No two of them
// share a first segment. A few are scanned by the first byte of their
// literal; past manyChildren they are also found in a hash table keyed by
// their first segment, so that lookup costs the same at any fan-out.
// Adding a child never rebuilds the index: the table doubles when half
// full, so registration stays linear in the number of routes.
type staticIndex struct {
	firsts string       // the first byte of each child's literal (0 for ""), while few
	nodes  []*node      // the children, in the order they were added
	slots  []*node      // open addressing by hash of the first segment, once many
	seed   maphash.Seed // the seed of the table's hash
}

// manyChildren is the number of static children above which a node finds
// them by hash instead of scanning them.
const manyChildren = 8

// add adds c, whose literal's first segment no child has yet.
func (x *staticIndex) add(c *node) {
	x.nodes = append(x.nodes, c)
	switch {
	case x.slots != nil && 2*len(x.nodes) <= len(x.slots):
		x.place(c)
	case len(x.nodes) > manyChildren:
		if x.slots == nil {
			x.seed, x.firsts = maphash.MakeSeed(), ""
		}
		size := 16 // a power of two, at least twice the children
		for size < 2*len(x.nodes) {
			size *= 2
		}
		x.slots = make([]*node, size)
		for _, c := range x.nodes {
			x.place(c)
		}
	default:
		x.firsts += string(firstByte(c.lit))
	}
}

// place puts c in the first free slot of its probe sequence.
func (x *staticIndex) place(c *node) {
	mask := uint64(len(x.slots) - 1)
	i := maphash.String(x.seed, firstSegment(c.lit)) & mask
	for x.slots[i] != nil {
		i = (i + 1) & mask
	}
	x.slots[i] = c
}

// bySegment returns the child whose literal's first segment is seg, or nil.
// x may be nil.
func (x *staticIndex) bySegment(seg string) *node {
	switch {
	case x == nil:
		return nil
	case x.slots != nil:
		mask := uint64(len(x.slots) - 1)
		for i := maphash.String(x.seed, seg) & mask; x.slots[i] != nil; i = (i + 1) & mask {
			if firstSegment(x.slots[i].lit) == seg {
				return x.slots[i]
			}
		}
		return nil
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
// end of s or before a '/', or nil. x may be nil. Only the child with s's
// first segment can, so a probe goes on past the others to an empty slot.
func (x *staticIndex) match(s string) *node {
	switch {
	case x == nil:
		return nil
	case x.slots != nil:
		mask := uint64(len(x.slots) - 1)
		for i := maphash.String(x.seed, s[:segmentEnd(s)]) & mask; x.slots[i] != nil; i = (i + 1) & mask {
			if c := x.slots[i]; startsPath(s, c.lit) {
				return c
			}
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
