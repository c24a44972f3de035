package tonic

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestWithRecord: the first call installs a record on a copy of the request;
// later calls, through any replacement of the request, find the same one.
func TestWithRecord(t *testing.T) {
	t.Parallel()
	type key struct{}
	newID := fixedID("made")
	tests := []struct {
		name       string
		ctxID      string // an ID the context carries before
		id         IDFunc
		again      IDFunc // the id func of the second call
		wantID     string
		wantSecond string
	}{
		{"no ID", "", nil, nil, "", ""},
		{"ID made", "", newID, nil, "made", "made"},
		{"ID given later", "", nil, newID, "", "made"},
		{"the first ID stays", "", newID, fixedID("other"), "made", "made"},
		{"ID from a ContextWithRequestID outside", "outer", func(r *http.Request, _ time.Time) string { return RequestIDFrom(r.Context()) }, nil, "outer", "outer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r0 := httptest.NewRequest("GET", "/a?b=c", nil)
			if tt.ctxID != "" {
				r0 = r0.WithContext(ContextWithRequestID(r0.Context(), tt.ctxID))
			}
			r1, rec := WithRecord(r0, tt.id)
			if r1 == r0 || RecordFrom(r1.Context()) != rec || RecordFrom(r0.Context()) != nil {
				t.Fatalf("got request %p record %p, want a copy carrying the record, the original without", r1, rec)
			}
			if got := RequestIDFrom(r1.Context()); got != tt.wantID || rec.ID() != tt.wantID {
				t.Errorf("ID: got %q and %q, want %q", got, rec.ID(), tt.wantID)
			}
			r2 := r1.WithContext(context.WithValue(r1.Context(), key{}, 1)) // foreign middleware
			r3, again := WithRecord(r2, tt.again)
			if r3 != r2 || again != rec {
				t.Errorf("second call: got a new request or record, want the same")
			}
			if got := RequestIDFrom(r3.Context()); got != tt.wantSecond {
				t.Errorf("ID after the second call: got %q, want %q", got, tt.wantSecond)
			}
			if rec.Method() != "GET" || rec.URI() != "/a?b=c" || rec.RemoteAddr() != "192.0.2.1:1234" {
				t.Errorf("got %s %s from %s, want GET /a?b=c from 192.0.2.1:1234", rec.Method(), rec.URI(), rec.RemoteAddr())
			}
		})
	}
}

// TestRecordRequestIDOverride: a ContextWithRequestID inside the record wins.
func TestRecordRequestIDOverride(t *testing.T) {
	t.Parallel()
	r, _ := Track(httptest.NewRequest("GET", "/", nil), fixedID("outer"))
	ctx := ContextWithRequestID(r.Context(), "inner")
	if got := RequestIDFrom(ctx); got != "inner" {
		t.Errorf("got %q, want inner", got)
	}
	if got := RequestIDFrom(r.Context()); got != "outer" {
		t.Errorf("got %q, want outer", got)
	}
	if got := RequestIDFrom(context.Background()); got != "" {
		t.Errorf("got %q from Background, want none", got)
	}
}

// TestTrackCancel: a tracked record is cancelable with a cause, whether or
// not anyone has looked at Done before; an untracked one is not.
func TestTrackCancel(t *testing.T) {
	t.Parallel()
	cause := errors.New("operator")
	tests := []struct {
		name       string
		doneFirst  bool // ask for Done before canceling
		childFirst bool // derive a child context before canceling
	}{
		{"nobody looked", false, false},
		{"Done asked first", true, false},
		{"child derived first", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, rec := Track(httptest.NewRequest("GET", "/", nil), fixedID("id"))
			defer rec.End()
			var done <-chan struct{}
			if tt.doneFirst {
				done = r.Context().Done()
			}
			var child context.Context = rec
			if tt.childFirst {
				var cancel context.CancelFunc
				child, cancel = context.WithTimeout(r.Context(), time.Hour)
				defer cancel()
			}
			if rec.Err() != nil {
				t.Fatalf("Err before Cancel: got %v, want nil", rec.Err())
			}
			if !rec.Cancel(cause) {
				t.Fatal("Cancel: got false, want true")
			}
			if done == nil {
				done = rec.Done()
			}
			<-done
			<-child.Done()
			if got := context.Cause(rec); got != cause {
				t.Errorf("Cause(record): got %v, want %v", got, cause)
			}
			if got := context.Cause(child); got != cause {
				t.Errorf("Cause(child): got %v, want %v", got, cause)
			}
			if !errors.Is(rec.Err(), context.Canceled) {
				t.Errorf("Err: got %v, want context.Canceled", rec.Err())
			}
		})
	}
	_, untracked := WithRecord(httptest.NewRequest("GET", "/", nil), nil)
	if untracked.Cancel(cause) || untracked.Err() != nil {
		t.Errorf("untracked record: Cancel took effect, want false and no error")
	}
}

// TestTrackFollowsParent: the parent's cancellation and its cause reach the
// record, and End cancels it.
func TestTrackFollowsParent(t *testing.T) {
	t.Parallel()
	cause := errors.New("client gone")
	parent, cancel := context.WithCancelCause(context.Background())
	r, rec := Track(httptest.NewRequest("GET", "/", nil).WithContext(parent), fixedID("id"))
	if RecordFrom(r.Context()) != rec {
		t.Fatal("the request's context is not its record")
	}
	cancel(cause)
	<-rec.Done()
	if got := context.Cause(rec); got != cause {
		t.Errorf("Cause: got %v, want %v", got, cause)
	}
	_, rec2 := Track(httptest.NewRequest("GET", "/", nil), fixedID("id"))
	done := rec2.Done()
	rec2.End()
	<-done
}

func TestSetRequestStatusHistory(t *testing.T) {
	t.Parallel()
	type derivedKey struct{}
	tests := []struct {
		name        string
		sets        int
		wantLen     int
		wantFirst   string
		wantCurrent string
	}{
		{"none", 0, 0, "", ""},
		{"one", 1, 1, "step 0", "step 0"},
		{"bounded, oldest dropped", MaxStatusHistory + 5, MaxStatusHistory, "step 5", fmt.Sprint("step ", MaxStatusHistory+4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, rec := Track(httptest.NewRequest(http.MethodGet, "/", nil), fixedID("id"))
			defer rec.End()
			ctx := context.WithValue(r.Context(), derivedKey{}, 1) // a handler's derived context
			for i := range tt.sets {
				SetRequestStatus(ctx, fmt.Sprint("step ", i))
			}
			h := rec.History()
			if len(h) != tt.wantLen || rec.Status() != tt.wantCurrent {
				t.Fatalf("got %d entries, status %q; want %d, %q", len(h), rec.Status(), tt.wantLen, tt.wantCurrent)
			}
			if tt.wantLen > 0 && h[0].Status != tt.wantFirst {
				t.Errorf("got oldest %q, want %q", h[0].Status, tt.wantFirst)
			}
		})
	}
	SetRequestStatus(context.Background(), "nothing to see") // no record: nothing happens
	if RecordFrom(context.Background()) != nil {
		t.Error("got a record from Background")
	}
}

// TestRecordRoute: SetRoute adds the prefixes of the namespaces the request
// went through; "" clears the route.
func TestRecordRoute(t *testing.T) {
	t.Parallel()
	_, rec := WithRecord(httptest.NewRequest("GET", "/", nil), nil)
	if rec.Route() != "" {
		t.Errorf("new record: got route %q, want none", rec.Route())
	}
	rec.SetRoute("GET /x/{id}")
	if got := rec.Route(); got != "GET /x/{id}" {
		t.Errorf("got %q", got)
	}
	rec.SetRoute("")
	if rec.Route() != "" {
		t.Errorf("cleared: got %q", rec.Route())
	}
	ns := &namespace{prefix: "/1.0", pattern: "/1.0/"}
	rec.ns = &[]nsFrame{{ns: ns, matched: "/1.0"}}
	rec.SetRoute("GET /x/{id}")
	if got := rec.Route(); got != "GET /1.0/x/{id}" {
		t.Errorf("under a namespace: got %q, want GET /1.0/x/{id}", got)
	}
}

// TestLazyValue: a lazy value is made once, on first lookup, even by
// concurrent lookups, and only then reported by LazyValue.
func TestLazyValue(t *testing.T) {
	t.Parallel()
	type key struct{}
	type other struct{}
	r, rec := WithRecord(httptest.NewRequest("GET", "/", nil), nil)
	made := 0
	rec.SetLazyValue(key{}, func(rec *Record) any { made++; return "value of " + rec.Method() })
	if _, ok := rec.LazyValue(key{}); ok {
		t.Error("LazyValue before any lookup: got made")
	}
	if r.Context().Value(other{}) != nil {
		t.Error("an unknown key: got a value")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := r.Context().Value(key{}); got != "value of GET" {
				t.Errorf("got %v", got)
			}
		}()
	}
	wg.Wait()
	if v, ok := rec.LazyValue(key{}); !ok || v != "value of GET" || made != 1 {
		t.Errorf("got %v %v, made %d times; want the value, made once", v, ok, made)
	}
	rec.SetLazyValue(key{}, func(*Record) any { return "replaced" })
	if got := r.Context().Value(key{}); got != "replaced" {
		t.Errorf("after SetLazyValue again: got %v, want replaced", got)
	}
}

// BenchmarkWithRecord measures installing a record and finding it again.
func BenchmarkWithRecord(b *testing.B) {
	r := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for range b.N {
		r2, _ := WithRecord(r, nil)
		if RecordFrom(r2.Context()) == nil {
			b.Fatal("no record")
		}
	}
}

// TestFinish: the first call fixes the duration; later calls, from any
// goroutine, get the same one.
func TestFinish(t *testing.T) {
	t.Parallel()
	_, rec := WithRecord(httptest.NewRequest("GET", "/", nil), nil)
	time.Sleep(time.Millisecond)
	d := rec.Finish()
	if d < time.Millisecond {
		t.Errorf("got %v, want at least the 1ms slept since the start", d)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := rec.Finish(); got != d {
				t.Errorf("a later call got %v, want %v", got, d)
			}
		}()
	}
	wg.Wait()
}

// fixedID returns an IDFunc that always gives id.
func fixedID(id string) IDFunc {
	return func(*http.Request, time.Time) string { return id }
}

// TestRecordIDHeader: the header value is the record's ID, nil without
// one, and appending to it (as Header().Add does) leaves the record alone.
func TestRecordIDHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		id   IDFunc
		want []string
	}{
		{name: "no ID", id: nil, want: nil},
		{name: "an ID", id: fixedID("abc"), want: []string{"abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rec := WithRecord(httptest.NewRequest("GET", "/", nil), tt.id)
			got := rec.IDHeader()
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || (got == nil) != (tt.want == nil) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
			if got == nil {
				return
			}
			if cap(got) != 1 {
				t.Errorf("got capacity %d, want 1", cap(got))
			}
			h := http.Header{"X-Request-Id": got}
			h.Add("X-Request-Id", "other")
			if id := rec.ID(); id != tt.want[0] {
				t.Errorf("after Add, record ID got %q, want %q", id, tt.want[0])
			}
			if id := RequestIDFrom(rec); id != tt.want[0] {
				t.Errorf("RequestIDFrom got %q, want %q", id, tt.want[0])
			}
		})
	}
}
