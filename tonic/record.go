package tonic

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// MaxStatusHistory bounds the status history a Record keeps (see
// SetRequestStatus); older entries are dropped first.
const MaxStatusHistory = 32

// Record is the per-request record: one per request, in the request's
// context, shared by every layer the request goes through. The first tonic
// layer that sees a request installs it (a server with Track; a tonic
// middleware, or a mux that needs one, with WithRecord); the muxes fill in
// the matched route; handlers report progress with SetRequestStatus; and the
// layers outside read it after the handler returns. Nothing is handed back up
// through the request, so middleware that replaces the request with
// r.WithContext, r.Clone or a copy of its own, anywhere in the stack, hides
// nothing: the record travels in the context.
//
// A Record is itself the request's context.Context. It answers the request
// ID (see RequestIDFrom) and itself (RecordFrom), and passes every other
// question to the context it was installed over. A record made by Track is
// also cancelable (see Cancel), at no cost to requests that never look at
// ctx.Done().
//
// Its methods are safe for concurrent use, except that SetLazyValue and the
// ID given by WithRecord must be set while the request is on its way down,
// before the handler that reads them runs.
type Record struct {
	parent context.Context
	origin *http.Request // the request as the first tonic layer got it: its method, URI and client
	start  time.Time
	ids    [1]string // the request ID, "" for none, in an array for IDHeader

	route   atomic.Pointer[string] // the full matched pattern; nil for none
	elapsed atomic.Int64           // Finish's duration, 0 until it is called
	ns      *[]nsFrame             // the namespaces the request went through, outermost first

	lazy     lazyValue    // the first lazy value
	lazyMore *[]lazyValue // the others, rare

	mu      sync.Mutex // guards the statuses, the creation of cs and the making of lazy values
	cs      atomic.Pointer[cancelState]
	first   statusEntry    // the oldest status kept
	more    *[]statusEntry // the later ones
	nstatus int32          // how many statuses are kept

	routed     atomic.Bool // a router recorded its answer in route
	cancelable bool
}

// statusEntry is a StatusChange as a record keeps it.
type statusEntry struct {
	at     time.Duration // since the record's start
	status string
}

// StatusChange is one status a handler set with SetRequestStatus, and when.
type StatusChange struct {
	At     time.Time
	Status string
}

// cancelState is the cancelable context of a record made by Track, created
// when someone first needs it.
type cancelState struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
}

// lazyValue is a context value made on first use (see SetLazyValue).
type lazyValue struct {
	key  any
	make func(*Record) any
	made atomic.Bool
	val  any
}

// recordKey is the context key under which a Record answers itself.
type recordKey struct{}

// RecordFrom returns the record of the request whose context is ctx, or nil
// when no tonic layer installed one.
func RecordFrom(ctx context.Context) *Record {
	if rec, ok := ctx.(*Record); ok { // the common case: the record is the request's context
		return rec
	}
	rec, _ := ctx.Value(recordKey{}).(*Record)
	return rec
}

// IDFunc returns the request ID of a new record for r, started at start
// (an ID generator that embeds a time, such as xid, takes it from there
// rather than read the clock again).
type IDFunc func(r *http.Request, start time.Time) string

// recorded is a request and its record, allocated in one piece.
type recorded struct {
	req http.Request
	rec Record
}

// install returns a shallow copy of r whose context is a new record started
// at start, and the record, in one allocation.
func install(r *http.Request, start time.Time, cancelable bool) (*http.Request, *Record) {
	x := &recorded{}
	x.rec.init(r, start, cancelable)
	x.req = *r.WithContext(&x.rec) // the Request WithContext makes does not escape: copied here
	return &x.req, &x.rec
}

// WithRecord returns r with a Record in its context, and that record. When
// r's context has one already, it returns r itself and that record, giving
// the record an ID made by id if it has none and id is not nil. Otherwise it
// returns a shallow copy of r (as r.WithContext does) whose context is a new
// record started now, with an ID made by id, or none when id is nil.
// Middleware that reads the record after the handler returns calls it
// before serving the request.
func WithRecord(r *http.Request, id IDFunc) (*http.Request, *Record) {
	if rec := RecordFrom(r.Context()); rec != nil {
		if rec.ids[0] == "" && id != nil {
			rec.ids[0] = id(r, rec.start)
		}
		return r, rec
	}
	r, rec := install(r, time.Now(), false)
	if id != nil {
		rec.ids[0] = id(r, rec.start)
	}
	return r, rec
}

// Track is how a server starts serving a request: it returns a shallow copy
// of r whose context is a new cancelable Record started now, with an ID made
// by id, and the record. The server must call End once the request has been
// served.
func Track(r *http.Request, id IDFunc) (*http.Request, *Record) {
	r, rec := install(r, time.Now(), true)
	rec.ids[0] = id(r, rec.start)
	return r, rec
}

// init sets up rec for r, over r's context.
func (rec *Record) init(r *http.Request, start time.Time, cancelable bool) {
	rec.parent, rec.origin, rec.cancelable, rec.start = r.Context(), r, cancelable, start
}

// End releases the resources of a record made by Track once its request has
// been served; its context is canceled from then on. It does nothing for a
// record made by WithRecord.
func (rec *Record) End() {
	if cs := rec.cs.Load(); cs != nil {
		cs.cancel(context.Canceled)
	}
}

// Cancel cancels the context of a record made by Track with cause, which
// context.Cause then reports, and returns true; the handler sees ctx.Done().
// It returns false, and does nothing, for a record made by WithRecord.
func (rec *Record) Cancel(cause error) bool {
	if !rec.cancelable {
		return false
	}
	rec.cancelState().cancel(cause)
	return true
}

// cancelState returns the cancelable context, creating it on first use.
func (rec *Record) cancelState() *cancelState {
	if cs := rec.cs.Load(); cs != nil {
		return cs
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if cs := rec.cs.Load(); cs != nil {
		return cs
	}
	ctx, cancel := context.WithCancelCause(rec.parent)
	cs := &cancelState{ctx: ctx, cancel: cancel}
	rec.cs.Store(cs)
	return cs
}

// ctx returns the context that answers for the record: the cancelable one
// once it exists, else the parent.
func (rec *Record) ctx() context.Context {
	if cs := rec.cs.Load(); cs != nil {
		return cs.ctx
	}
	return rec.parent
}

// Deadline implements context.Context: the parent's deadline.
func (rec *Record) Deadline() (time.Time, bool) { return rec.parent.Deadline() }

// Done implements context.Context. For a record made by Track it is closed
// when the parent's is, or when Cancel or End is called.
func (rec *Record) Done() <-chan struct{} {
	if !rec.cancelable {
		return rec.parent.Done()
	}
	return rec.cancelState().ctx.Done()
}

// Err implements context.Context.
func (rec *Record) Err() error { return rec.ctx().Err() }

// Value implements context.Context: it answers the record itself, the
// request ID, the lazy values, and passes other keys on.
func (rec *Record) Value(key any) any {
	switch key.(type) {
	case recordKey:
		return rec
	case requestIDKey:
		if rec.ids[0] != "" {
			return &rec.ids[0] // a pointer: boxing it does not allocate
		}
	}
	if lv := rec.lazyFor(key); lv != nil {
		return rec.lazyGet(lv)
	}
	return rec.ctx().Value(key)
}

// String describes the record, as fmt prints contexts.
func (rec *Record) String() string { return "tonic.Record(" + rec.Method() + " " + rec.URI() + ")" }

// ID returns the request ID, or "" when the record has none.
func (rec *Record) ID() string { return rec.ids[0] }

// IDHeader returns the request ID as the value of an X-Request-ID header
// (w.Header()["X-Request-Id"] = rec.IDHeader()), or nil when the record
// has no ID. The slice is the record's own, of length and capacity 1, so
// that setting the header costs no allocation; Header().Add copies it
// before appending. Its element must not be written: it is the record's
// ID, which other goroutines (the in-flight table) read.
func (rec *Record) IDHeader() []string {
	if rec.ids[0] == "" {
		return nil
	}
	return rec.ids[:1:1]
}

// Start returns when the record was installed: when the first tonic layer
// saw the request. Logged, Timed and the in-flight table all time the
// request from here, so a request costs one clock read for its start.
func (rec *Record) Start() time.Time { return rec.start }

// Finish marks the request finished, the first time it is called, and
// returns its duration: the time from Start to that first call. The layers
// that report a duration (Timed, Logged, the server's statistics) call it
// after the handler returns, so that they report the same duration and a
// request reads the clock once for its end. Later calls return the same
// duration.
func (rec *Record) Finish() time.Duration {
	if d := rec.elapsed.Load(); d != 0 {
		return time.Duration(d)
	}
	d := max(int64(time.Since(rec.start)), 1) // 0 means not finished
	if !rec.elapsed.CompareAndSwap(0, d) {
		d = rec.elapsed.Load()
	}
	return time.Duration(d)
}

// Method returns the request's method.
func (rec *Record) Method() string { return rec.origin.Method }

// URI returns the request URI as the client sent it, query included.
func (rec *Record) URI() string {
	if rec.origin.RequestURI == "" && rec.origin.URL != nil { // a request made in process
		return rec.origin.URL.RequestURI()
	}
	return rec.origin.RequestURI
}

// RemoteAddr returns the address of the client.
func (rec *Record) RemoteAddr() string { return rec.origin.RemoteAddr }

// Route returns the pattern of the route that served the request, with the
// prefixes of the namespaces it went through ("GET /1.0/stuff/{id}"), the
// namespace's own pattern ("/1.0/") while a handler that is not a tonic mux
// serves it there, or "" when no route matched (yet).
func (rec *Record) Route() string {
	if p := rec.route.Load(); p != nil {
		return *p
	}
	return ""
}

// recordRoute stores the route p (nil for none) and marks the record routed.
func (rec *Record) recordRoute(p *string) {
	rec.route.Store(p)
	rec.routed.Store(true)
}

// SetRoute records the pattern that a router matched, relative to the
// namespaces the request went through, whose prefixes the record adds; ""
// records that no route matched. A router other than tonic's muxes calls it
// so that logs and metrics name the route (see RouteOf).
func (rec *Record) SetRoute(pattern string) {
	if pattern == "" {
		rec.recordRoute(nil) // without an allocation: only a pattern is copied to the heap
		return
	}
	p := new(string)
	*p = pattern
	rec.setRoute(p)
}

// RouteOf returns the route of r, a request that has been served, as the
// layers outside the router name it in logs and metrics: the route the
// request's Record names, or, when no router recorded its answer there,
// r.Pattern (http.ServeMux sets only that, on the request it was given).
// It returns "" when no route matched.
func RouteOf(r *http.Request) string {
	if rec := RecordFrom(r.Context()); rec != nil && rec.routed.Load() {
		return rec.Route()
	}
	return r.Pattern
}

// setRoute records the pattern *p; p must not change afterwards.
func (rec *Record) setRoute(p *string) {
	if rec.ns != nil {
		for i := len(*rec.ns) - 1; i >= 0 && p != nil; i-- {
			p = (*rec.ns)[i].ns.outerPattern(*p)
		}
	}
	rec.recordRoute(p)
}

// Status returns the last status set with SetRequestStatus.
func (rec *Record) Status() string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	switch rec.nstatus {
	case 0:
		return ""
	case 1:
		return rec.first.status
	}
	return (*rec.more)[len(*rec.more)-1].status
}

// History returns the statuses set with SetRequestStatus, oldest first; at
// most MaxStatusHistory are kept.
func (rec *Record) History() []StatusChange {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]StatusChange, 0, rec.nstatus)
	if rec.nstatus > 0 {
		out = append(out, StatusChange{At: rec.start.Add(rec.first.at), Status: rec.first.status})
	}
	if rec.more != nil {
		for _, e := range *rec.more {
			out = append(out, StatusChange{At: rec.start.Add(e.at), Status: e.status})
		}
	}
	return out
}

// SetRequestStatus sets the status of the request that ctx belongs to, e.g.
// SetRequestStatus(ctx, "querying store"): the server's in-flight table
// (the admin /debug/requests endpoint) shows it with its history, and a
// drain that runs out of time logs it. It does nothing when ctx carries no
// Record.
func SetRequestStatus(ctx context.Context, status string) {
	if rec := RecordFrom(ctx); rec != nil {
		rec.setStatus(status, time.Now())
	}
}

func (rec *Record) setStatus(status string, now time.Time) {
	e := statusEntry{at: now.Sub(rec.start), status: status}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	switch {
	case rec.nstatus == 0: // the first status: no allocation
		rec.first = e
		rec.nstatus = 1
		return
	case rec.more == nil:
		rec.more = &[]statusEntry{}
	case rec.nstatus == MaxStatusHistory: // drop the oldest
		rec.first = (*rec.more)[0]
		*rec.more = append((*rec.more)[:0], (*rec.more)[1:]...)
		rec.nstatus--
	}
	*rec.more = append(*rec.more, e)
	rec.nstatus++
}

// SetLazyValue makes the record's context answer key with make(rec), made
// at the first lookup and kept for the rest of the request. It lets
// middleware offer a per-request value (a logger with the request's fields,
// say) without copying the request, and without building the value for
// requests that never ask. Setting a key again replaces its maker. Call it
// before the handler that may look the key up runs. make must not call the
// record's Status or History.
func (rec *Record) SetLazyValue(key any, make func(*Record) any) {
	lv := rec.lazyFor(key)
	switch {
	case lv != nil:
	case rec.lazy.key == nil:
		lv = &rec.lazy
	default:
		if rec.lazyMore == nil {
			rec.lazyMore = new([]lazyValue)
		}
		*rec.lazyMore = append(*rec.lazyMore, lazyValue{})
		lv = &(*rec.lazyMore)[len(*rec.lazyMore)-1]
	}
	lv.key, lv.make, lv.val = key, make, nil
	lv.made.Store(false)
}

// lazyFor returns the lazy value of key, or nil.
func (rec *Record) lazyFor(key any) *lazyValue {
	if rec.lazy.key == nil {
		return nil
	}
	if rec.lazy.key == key {
		return &rec.lazy
	}
	if rec.lazyMore != nil {
		for i := range *rec.lazyMore {
			if lv := &(*rec.lazyMore)[i]; lv.key == key {
				return lv
			}
		}
	}
	return nil
}

// LazyValue returns the value made for key by SetLazyValue's maker, and
// whether it has been made: whether anyone looked it up.
func (rec *Record) LazyValue(key any) (any, bool) {
	if lv := rec.lazyFor(key); lv != nil && lv.made.Load() {
		return lv.val, true
	}
	return nil, false
}

// lazyGet returns the value of lv, making it on first use.
func (rec *Record) lazyGet(lv *lazyValue) any {
	if lv.made.Load() {
		return lv.val
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if !lv.made.Load() {
		lv.val = lv.make(rec)
		lv.made.Store(true)
	}
	return lv.val
}
