package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// TestRequestsAndCancel lists a running request in the in-flight table and
// cancels it: its handler sees the cancellation and the client a clear 503.
func TestRequestsAndCancel(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	mux := http.NewServeMux()
	mux.Handle("GET /slow/{n}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tonic.RecordFrom(r.Context()).SetRoute(r.Pattern) // what a router other than tonic's does
		tonic.SetRequestStatus(r.Context(), "querying store")
		b.ServeHTTP(w, r) // sets "blocked"
	}))
	s, logs, addr := startServer(t, mux, Options{})
	before := time.Now()
	res := getAsync(t, newClient(t, nil), "http://"+addr+"/slow/7?x=y", "req-42")
	recv(t, "the request to enter its handler", b.entered)

	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("got %d in-flight requests, want 1", len(reqs))
	}
	q := reqs[0]
	want := RequestInfo{ID: "req-42", Method: "GET", URI: "/slow/7?x=y", Route: "GET /slow/{n}", Status: "blocked"}
	if q.ID != want.ID || q.Method != want.Method || q.URI != want.URI || q.Route != want.Route || q.Status != want.Status {
		t.Errorf("got %+v, want %+v", q, want)
	}
	if !strings.HasPrefix(q.RemoteAddr, "127.0.0.1:") || q.Start.Before(before) || q.Age < 0 {
		t.Errorf("got remote %q, start %v, age %v; want 127.0.0.1, after %v, >= 0", q.RemoteAddr, q.Start, q.Age, before)
	}
	if got := historyOf(q); got != "querying store,blocked" {
		t.Errorf("got history %q, want querying store,blocked", got)
	}

	if s.CancelRequest("no-such-request") {
		t.Error("CancelRequest of an unknown ID: got true, want false")
	}
	if !s.CancelRequest("req-42") {
		t.Fatal("CancelRequest: got false, want true")
	}
	if cause := recv(t, "the handler to see the cancellation", b.causes); cause != ErrRequestCanceled {
		t.Errorf("handler's context cause: got %v, want ErrRequestCanceled", cause)
	}
	r := recv(t, "the response", res)
	var body struct{ Error string }
	json.Unmarshal([]byte(r.body), &body)
	if r.err != nil || r.status != http.StatusServiceUnavailable || body.Error != "request_canceled" {
		t.Errorf("canceled request: got %d %q %v, want 503 request_canceled", r.status, r.body, r.err)
	}
	if e := logs.find("request canceled by an operator"); e == nil || e["request_id"] != "req-42" {
		t.Errorf("got log %v, want the cancellation of req-42 logged", e)
	}
	waitFor(t, "the table to be empty", func() bool { return len(s.Requests()) == 0 })
}

func historyOf(q RequestInfo) string {
	var h []string
	for i, c := range q.History {
		if i > 0 && c.At.Before(q.History[i-1].At) {
			return "out of order"
		}
		h = append(h, c.Status)
	}
	return strings.Join(h, ",")
}

func TestRequestsOrderAndSharedIDs(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	s, _, addr := startServer(t, b, Options{})
	c := newClient(t, nil)
	var results []<-chan result
	for _, id := range []string{"first", "shared", "shared"} {
		results = append(results, getAsync(t, c, "http://"+addr, id))
		recv(t, "the request to enter its handler", b.entered)
	}
	var ids []string
	for _, q := range s.Requests() {
		ids = append(ids, q.ID)
	}
	if got := strings.Join(ids, ","); got != "first,shared,shared" {
		t.Errorf("got requests %s, want first,shared,shared (oldest first)", got)
	}
	if !s.CancelRequest("shared") {
		t.Error("CancelRequest: got false, want true")
	}
	for range 2 {
		recv(t, "a canceled handler", b.causes)
	}
	close(b.release)
	for _, res := range results {
		recv(t, "a response", res)
	}
}

// TestTrackedContext: the record is the request's context; it carries the
// request ID, delegates other values, is canceled with the request and
// leaves the table.
func TestTrackedContext(t *testing.T) {
	leakCheck(t)
	type key struct{}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "v"))
	var tab requestTable
	tab.init()
	_, rec := tonic.Track(httptest.NewRequest(http.MethodGet, "/", nil).WithContext(parent), fixedID("id-1"))
	shard := tab.add(rec)
	child, cancelChild := context.WithCancel(rec)
	defer cancelChild()
	if got := tonic.RequestIDFrom(child); got != "id-1" {
		t.Errorf("request ID: got %q, want id-1", got)
	}
	if got := child.Value(key{}); got != "v" {
		t.Errorf("parent value: got %v, want v", got)
	}
	if n := len(tab.snapshot(time.Now())); n != 1 {
		t.Errorf("got %d entries, want 1", n)
	}
	cancel()
	<-child.Done()
	if err := context.Cause(child); err != context.Canceled {
		t.Errorf("cause: got %v, want context.Canceled", err)
	}
	tab.remove(rec, shard)
	rec.End()
	if n := len(tab.snapshot(time.Now())); n != 0 {
		t.Errorf("got %d entries after end, want 0", n)
	}
}

// nopWriter is a ResponseWriter that discards everything.
type nopWriter struct{ h http.Header }

func (w nopWriter) Header() http.Header         { return w.h }
func (w nopWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w nopWriter) WriteHeader(int)             {}

// BenchmarkServeHTTP measures what Server adds to a request: the in-flight
// entry, its context and the request ID. Each request gets its own
// cancelable parent context, as net/http gives it; "bare" calls the handler
// directly, for the ratio.
func BenchmarkServeHTTP(b *testing.B) {
	h, s := benchServer(b)
	for _, bc := range []struct {
		name  string
		serve func(http.ResponseWriter, *http.Request)
		id    string
	}{
		{"bare", h.ServeHTTP, "client-id"},
		{"server/client-id", s.serveHTTP, "client-id"},
		{"server/new-id", s.serveHTTP, ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				w := nopWriter{http.Header{}}
				r := httptest.NewRequest(http.MethodGet, "/stuff/1", nil)
				if bc.id != "" {
					r.Header.Set(tonic.RequestIDHeader, bc.id)
				}
				for pb.Next() {
					ctx, cancel := context.WithCancel(context.Background())
					bc.serve(w, r.WithContext(ctx))
					cancel()
				}
			})
		})
	}
}

// BenchmarkRequestTable compares one lock with the sharded table: each
// goroutine enters and removes its own entry, so only the locks are shared.
func BenchmarkRequestTable(b *testing.B) {
	for _, shards := range []int{1, requestShards} {
		b.Run(fmt.Sprint("shards=", shards), func(b *testing.B) {
			var tab requestTable
			tab.initShards(shards)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				_, rec := tonic.Track(httptest.NewRequest(http.MethodGet, "/", nil), fixedID("id"))
				defer rec.End()
				for pb.Next() {
					tab.remove(rec, tab.add(rec))
				}
			})
		})
	}
}

// TestRequestsShowMuxRoutes checks that TrieServeMux records the full route
// pattern, namespace prefix included, in the in-flight table.
func TestRequestsShowMuxRoutes(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	inner := tonic.NewTrieServeMux()
	inner.Handle("GET", "/stuff/{id}", b)
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/top/{x}", b)
	mux.HandleNamespace("/1.0", inner)
	s, _, addr := startServer(t, mux, Options{})
	c := newClient(t, nil)
	for _, tt := range []struct{ path, route string }{
		{"/top/1", "GET /top/{x}"},
		{"/1.0/stuff/2", "GET /1.0/stuff/{id}"},
	} {
		res := getAsync(t, c, "http://"+addr+tt.path, "")
		recv(t, "the request to enter its handler", b.entered)
		if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Route != tt.route {
			t.Errorf("GET %s: got in-flight %+v, want one request with route %q", tt.path, reqs, tt.route)
		}
		b.release <- struct{}{}
		if r := recv(t, "the response", res); r.err != nil || r.status != http.StatusOK {
			t.Errorf("GET %s: got %d %v", tt.path, r.status, r.err)
		}
	}
}

// fixedID returns a tonic.IDFunc that always gives id.
func fixedID(id string) tonic.IDFunc {
	return func(*http.Request, time.Time) string { return id }
}
