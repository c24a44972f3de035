package server

import (
	"sync/atomic"
	"time"
)

// Stats counts what a Server has served since it was made, as Server.Stats
// reports it for the admin endpoints and the dashboard. Counters only grow;
// a rate is the difference of two snapshots.
type Stats struct {
	// Requests counts the requests served to the end (or abandoned).
	Requests uint64
	// ByClass counts the served requests by status class: ByClass[2] are
	// the 2xx, ByClass[5] the 5xx; ByClass[0] counts hijacked connections,
	// which have no status.
	ByClass [6]uint64
	// Abandoned counts the requests whose client went away before the
	// response was complete (nginx logs them as 499); they are not counted
	// in ByClass.
	Abandoned uint64
	// Shed counts the requests and connections refused at once with 503
	// because the server was full (see Options.MaxConnections and
	// MaxInFlight): a connection over the limit counts once, however many
	// requests it sends.
	Shed uint64
	// InFlight is the number of requests being served now.
	InFlight int
	// Connections is the number of connections open now, hijacked ones
	// included.
	Connections int
}

// stats is the live counters behind Stats. Every field is updated with
// atomic operations, on the request path.
type stats struct {
	requests  atomic.Uint64
	byClass   [6]atomic.Uint64
	abandoned atomic.Uint64
	shed      atomic.Uint64
	latency   latencyHistogram // the durations of the served requests
}

// served counts a request that has been served with status (0 for a
// hijacked connection), or abandoned by its client, in d.
func (st *stats) served(status int, abandoned bool, d time.Duration) {
	st.requests.Add(1)
	st.latency.observe(d)
	switch {
	case abandoned:
		st.abandoned.Add(1)
	case status >= 100 && status <= 599:
		st.byClass[status/100].Add(1)
	default:
		st.byClass[0].Add(1)
	}
}

// shedOne counts a request or connection refused because the server is
// full.
func (st *stats) shedOne() { st.shed.Add(1) }

// snapshot returns the counters now.
func (st *stats) snapshot() Stats {
	out := Stats{Requests: st.requests.Load(), Abandoned: st.abandoned.Load(), Shed: st.shed.Load()}
	for i := range st.byClass {
		out.ByClass[i] = st.byClass[i].Load()
	}
	return out
}

// Stats returns what s has served so far, and how many requests it is
// serving now.
func (s *Server) Stats() Stats {
	out := s.stats.snapshot()
	out.InFlight = s.reqs.count()
	out.Connections = s.conns.count()
	return out
}
