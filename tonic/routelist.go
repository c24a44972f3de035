package tonic

// routeList is a mux's routes in registration order, kept in chunks of a
// fixed size so that registering a route never copies the ones before it
// and the list holds no spare capacity beyond its last chunk.
type routeList struct {
	chunks [][]Route
}

// routeChunk is the number of routes in one chunk of a routeList.
const routeChunk = 128

// add appends r.
func (l *routeList) add(r Route) {
	if n := len(l.chunks); n == 0 || len(l.chunks[n-1]) == routeChunk {
		l.chunks = append(l.chunks, make([]Route, 0, routeChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, r)
}

// all returns a copy of the routes, in order.
func (l *routeList) all() []Route {
	var routes []Route
	for _, c := range l.chunks {
		routes = append(routes, c...)
	}
	return routes
}
