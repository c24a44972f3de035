package server

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// RequestInfo describes one in-flight request, as Server.Requests reports
// it for the admin /debug/requests endpoint.
type RequestInfo struct {
	ID         string // the request ID
	Method     string
	URI        string // the request URI as the client sent it
	Route      string // the matched route pattern, once a mux has matched one
	RemoteAddr string
	Start      time.Time
	Age        time.Duration // at the time of the snapshot
	Status     string        // the last status set with tonic.SetRequestStatus
	History    []tonic.StatusChange
}

// Requests returns the requests that s is serving, oldest first.
func (s *Server) Requests() []RequestInfo { return s.reqs.snapshot(time.Now()) }

// CancelRequest cancels the context of every in-flight request whose request
// ID is id, with the cause ErrRequestCanceled, and reports whether there was
// one. The handler sees ctx.Done(); the process is unharmed.
func (s *Server) CancelRequest(id string) bool {
	n := s.reqs.cancel(id, ErrRequestCanceled)
	if n > 0 {
		s.log.Info().Str("server", s.name).Str("request_id", id).Int("requests", n).Msg("request canceled by an operator")
	}
	return n > 0
}

// infoOf returns the row of rec at time now.
func infoOf(rec *tonic.Record, now time.Time) RequestInfo {
	return RequestInfo{
		ID: rec.ID(), Method: rec.Method(), URI: rec.URI(), Route: rec.Route(), RemoteAddr: rec.RemoteAddr(),
		Start: rec.Start(), Age: now.Sub(rec.Start()), Status: rec.Status(), History: rec.History(),
	}
}

// requestShards is the number of shards of a requestTable: requests on
// different cores rarely take the same lock.
const requestShards = 32

// requestTable is the live list of the in-flight requests of a Server, the
// records of the requests, sharded so that concurrent requests rarely
// contend for a lock.
type requestTable struct {
	shards []requestShard
}

type requestShard struct {
	mu sync.Mutex
	m  map[*tonic.Record]struct{}
	_  [48]byte // pads a shard to a 64-byte cache line
}

func (t *requestTable) init() { t.initShards(requestShards) }

func (t *requestTable) initShards(n int) {
	t.shards = make([]requestShard, n)
	for i := range t.shards {
		t.shards[i].m = make(map[*tonic.Record]struct{})
	}
}

// add enters rec in the table and returns the shard that holds it, for
// remove.
func (t *requestTable) add(rec *tonic.Record) int {
	i := rand.IntN(len(t.shards))
	sh := &t.shards[i]
	sh.mu.Lock()
	sh.m[rec] = struct{}{}
	sh.mu.Unlock()
	return i
}

// remove takes rec, held by shard i, out of the table.
func (t *requestTable) remove(rec *tonic.Record, i int) {
	sh := &t.shards[i]
	sh.mu.Lock()
	delete(sh.m, rec)
	sh.mu.Unlock()
}

// count returns the number of in-flight requests.
func (t *requestTable) count() int {
	n := 0
	for i := range t.shards {
		sh := &t.shards[i]
		sh.mu.Lock()
		n += len(sh.m)
		sh.mu.Unlock()
	}
	return n
}

// each calls f for every in-flight request, outside the shard locks.
func (t *requestTable) each(f func(*tonic.Record)) {
	var recs []*tonic.Record
	for i := range t.shards {
		sh := &t.shards[i]
		sh.mu.Lock()
		for rec := range sh.m {
			recs = append(recs, rec)
		}
		sh.mu.Unlock()
	}
	for _, rec := range recs {
		f(rec)
	}
}

// snapshot returns the in-flight requests, oldest first.
func (t *requestTable) snapshot(now time.Time) []RequestInfo {
	var out []RequestInfo
	t.each(func(rec *tonic.Record) { out = append(out, infoOf(rec, now)) })
	slices.SortFunc(out, func(a, b RequestInfo) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// cancel cancels, with cause, every request whose ID is id (an incoming
// X-Request-ID may be shared) and returns how many there were.
func (t *requestTable) cancel(id string, cause error) int {
	n := 0
	t.each(func(rec *tonic.Record) {
		if rec.ID() == id {
			rec.Cancel(cause)
			n++
		}
	})
	return n
}
