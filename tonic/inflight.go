package tonic

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// ErrRequestCanceled is the cause (context.Cause) of the context of a request
// that Server.CancelRequest canceled. It carries status 503, so a handler
// that passes it to WriteError gives the client a clear answer.
var ErrRequestCanceled = &Error{Status: http.StatusServiceUnavailable, Code: "request_canceled",
	Message: "the request was canceled by an operator"}

// MaxStatusHistory bounds the status history kept for one request; older
// entries are dropped first.
const MaxStatusHistory = 32

// RequestInfo describes one in-flight request, as Server.Requests reports it
// for the admin /debug/requests endpoint.
type RequestInfo struct {
	ID         string // the request ID (see RequestIDFor)
	Method     string
	URI        string // the request URI as the client sent it
	Route      string // the matched route pattern, once SetRequestRoute has been called
	RemoteAddr string
	Start      time.Time
	Age        time.Duration // at the time of the snapshot
	Status     string        // the last status set with SetRequestStatus
	History    []StatusChange
}

// StatusChange is one status a handler set with SetRequestStatus, and when.
type StatusChange struct {
	At     time.Time
	Status string
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

// SetRequestStatus sets the status of the in-flight request that ctx belongs
// to, e.g. SetRequestStatus(ctx, "querying store"), for the admin
// /debug/requests endpoint, which shows it with its history. It does nothing
// when ctx is not the context of a request served by a Server.
func SetRequestStatus(ctx context.Context, status string) {
	if q := inflightFrom(ctx); q != nil {
		q.setStatus(status, time.Now())
	}
}

// SetRequestRoute records the route pattern that a mux matched for the
// in-flight request that ctx belongs to, so that the in-flight table shows it
// while the request runs. A mux calls it with the pattern it sets in
// r.Pattern; the table cannot read r.Pattern itself while the handler runs
// without racing with the mux. It does nothing when ctx is not the context of
// a request served by a Server.
func SetRequestRoute(ctx context.Context, pattern string) {
	if q := inflightFrom(ctx); q != nil {
		q.setRoute(pattern)
	}
}

// setRoute records the route pattern of the request.
func (q *inflight) setRoute(pattern string) {
	q.mu.Lock()
	q.route = pattern
	q.mu.Unlock()
}

// inflightKey is the context key under which an inflight finds itself.
type inflightKey struct{}

func inflightFrom(ctx context.Context) *inflight {
	q, _ := ctx.Value(inflightKey{}).(*inflight)
	return q
}

// inflight is the entry of one request in a requestTable. It is also the
// request's context: a cancelable child of the context net/http gave the
// request, which answers the request ID and itself, so that a request costs
// no context.WithValue.
type inflight struct {
	context.Context
	cancel context.CancelCauseFunc
	idv    any // id, boxed once for Value
	shard  uint32

	id, method, uri, path, remote string
	start                         time.Time

	mu         sync.Mutex // guards the fields below
	route      string
	status     string
	history    []StatusChange
	historyBuf [4]StatusChange // the first statuses, without an allocation
}

// Value answers the request ID and the inflight itself, and asks the parent
// context for any other key.
func (q *inflight) Value(key any) any {
	switch key.(type) {
	case requestIDKey:
		return q.idv
	case inflightKey:
		return q
	}
	return q.Context.Value(key)
}

func (q *inflight) setStatus(status string, now time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.status = status
	if len(q.history) == MaxStatusHistory {
		q.history = append(q.history[:0], q.history[1:]...)
	}
	q.history = append(q.history, StatusChange{At: now, Status: status})
}

func (q *inflight) info(now time.Time) RequestInfo {
	q.mu.Lock()
	defer q.mu.Unlock()
	return RequestInfo{
		ID: q.id, Method: q.method, URI: q.uri, Route: q.route, RemoteAddr: q.remote,
		Start: q.start, Age: now.Sub(q.start), Status: q.status, History: slices.Clone(q.history),
	}
}

// requestShards is the number of shards of a requestTable: requests on
// different cores rarely take the same lock.
const requestShards = 32

// requestTable is the live list of the in-flight requests of a Server,
// sharded so that concurrent requests rarely contend for a lock.
type requestTable struct {
	shards []requestShard
}

type requestShard struct {
	mu sync.Mutex
	m  map[*inflight]struct{}
	_  [48]byte // pads a shard to a 64-byte cache line
}

func (t *requestTable) init() { t.initShards(requestShards) }

func (t *requestTable) initShards(n int) {
	t.shards = make([]requestShard, n)
	for i := range t.shards {
		t.shards[i].m = make(map[*inflight]struct{})
	}
}

// begin enters r in the table and returns its entry, which is also the
// context the handler must be given.
func (t *requestTable) begin(r *http.Request) *inflight {
	q := newInflight(r, uint32(len(t.shards)))
	t.add(q)
	return q
}

// end removes q from the table and releases its context.
func (t *requestTable) end(q *inflight) {
	t.remove(q)
	q.cancel(nil)
}

// newInflight returns the entry of r, in one of shards shards.
func newInflight(r *http.Request, shards uint32) *inflight {
	ctx, cancel := context.WithCancelCause(r.Context())
	id := RequestIDFor(r)
	q := &inflight{
		Context: ctx, cancel: cancel, idv: id, shard: rand.Uint32N(shards),
		id: id, method: r.Method, uri: r.RequestURI, path: r.URL.Path, remote: r.RemoteAddr,
		start: time.Now(),
	}
	q.history = q.historyBuf[:0]
	return q
}

func (t *requestTable) add(q *inflight) {
	sh := &t.shards[q.shard]
	sh.mu.Lock()
	sh.m[q] = struct{}{}
	sh.mu.Unlock()
}

func (t *requestTable) remove(q *inflight) {
	sh := &t.shards[q.shard]
	sh.mu.Lock()
	delete(sh.m, q)
	sh.mu.Unlock()
}

// each calls f for every in-flight request, outside the shard locks.
func (t *requestTable) each(f func(*inflight)) {
	var qs []*inflight
	for i := range t.shards {
		sh := &t.shards[i]
		sh.mu.Lock()
		for q := range sh.m {
			qs = append(qs, q)
		}
		sh.mu.Unlock()
	}
	for _, q := range qs {
		f(q)
	}
}

// snapshot returns the in-flight requests, oldest first.
func (t *requestTable) snapshot(now time.Time) []RequestInfo {
	var out []RequestInfo
	t.each(func(q *inflight) { out = append(out, q.info(now)) })
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
	t.each(func(q *inflight) {
		if q.id == id {
			q.cancel(cause)
			n++
		}
	})
	return n
}
