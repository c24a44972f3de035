package tonic

// routeList is a mux's routes and namespaces in registration order, kept
// in chunks of a fixed size so that registering never copies the entries
// before it and the list holds no spare capacity beyond its last chunk.
// An entry points at the route or namespace record that the trie holds,
// so the list costs two words a route.
type routeList struct {
	chunks [][]listEntry
}

// listEntry is one registered route (rt) or namespace (ns).
type listEntry struct {
	rt *route
	ns *namespace
}

// routeChunk is the number of entries in one chunk of a routeList.
const routeChunk = 128

// add appends e.
func (l *routeList) add(e listEntry) {
	if n := len(l.chunks); n == 0 || len(l.chunks[n-1]) == routeChunk {
		l.chunks = append(l.chunks, make([]listEntry, 0, routeChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, e)
}

// all returns the routes and namespaces as Routes lists them, in order.
func (l *routeList) all() []Route {
	var routes []Route
	for _, c := range l.chunks {
		for _, e := range c {
			if e.rt != nil {
				routes = append(routes, Route{Method: e.rt.method, Pattern: e.rt.pattern[len(e.rt.method)+1:], Handler: e.rt.handler})
			} else {
				routes = append(routes, Route{Pattern: e.ns.pattern, Handler: e.ns.handler})
			}
		}
	}
	return routes
}
