package tonic

// maxCaptured is the depth up to which lookup captures wildcard values;
// deeper routes (rare) find theirs by scanning the path again.
const maxCaptured = 16

// values records where, in the path given to lookup, the wildcard of each
// segment index matched, as start<<16|end offsets, and whether a route for
// another method matched the path. It lives on the stack of ServeHTTP and is
// small, so that zeroing it costs next to nothing.
type values struct {
	path    string // the path whose part after the first '/' lookup walks
	span    [maxCaptured]uint32
	matched bool // a route for some method matched the path
	check   bool // lookup checks that the segments it reaches are clean; path has no '%'

	unclean bool // lookup reached an empty, "." or ".." segment
}

// set records that the wildcard at segment index depth matched the first n
// bytes of the last left bytes of v.path.
func (v *values) set(depth, left, n int) {
	if v != nil && depth < maxCaptured && len(v.path) < 1<<16 {
		start := len(v.path) - left
		v.span[depth] = uint32(start)<<16 | uint32(start+n)
	}
}

// sawRoute records that a route for some method matched the path.
func (v *values) sawRoute() {
	if v != nil {
		v.matched = true
	}
}

// uncleanAt reports, when v asks for the check, whether the path after a
// '/' that lookup has reached, s, starts with an empty, "." or ".." segment,
// and records it.
func (v *values) uncleanAt(s string) bool {
	if v == nil || !v.check || !uncleanSegment(s) {
		return false
	}
	v.unclean = true
	return true
}

// get returns the escaped value of the wildcard at segment index depth.
func (v *values) get(depth int) string {
	x := v.span[depth]
	return v.path[x>>16 : x&0xffff]
}
