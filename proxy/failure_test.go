package proxy

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// refusingAddr returns a loopback address on which nothing listens.
func refusingAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestBackendKilledUnderLoad(t *testing.T) {
	blockA, blockB := newBlocker(), newBlocker()
	blockA.open()
	t.Cleanup(blockB.open)
	handler := func(blk *blocker) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/slow" {
				blk.ServeHTTP(w, r)
				return
			}
			ok.ServeHTTP(w, r)
		})
	}
	a, b := startBackend(t, "a", handler(blockA)), startBackend(t, "b", handler(blockB))
	p, _ := newTestProxy(t, []string{a.url, b.url}, Options{EjectFor: time.Hour})
	url, client := front(t, p)

	// Three requests in flight at b, as many as went to a done.
	slow := make(chan reply, 16)
	for inB := 0; inB < 3; {
		go func() { slow <- getURL(t, client, url+"/slow") }()
		select {
		case <-blockB.entered:
			inB++
		case r := <-slow:
			if r.status != http.StatusOK || r.backend != "a" {
				t.Fatalf("slow request on a: got %d from %q, want 200 from a", r.status, r.backend)
			}
		case <-time.After(waitLimit):
			t.Fatal("timed out waiting for a slow request")
		}
	}

	// Load from 8 workers; b is killed while it runs.
	type result struct {
		afterKill bool
		r         reply
	}
	var killed atomic.Bool
	var done atomic.Int64
	stop := make(chan struct{})
	results := make(chan result, 1<<16)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				after := killed.Load()
				results <- result{afterKill: after, r: getURL(t, client, url+"/fast")}
				done.Add(1)
			}
		}()
	}
	waitFor(t, "load before the kill", func() bool { return done.Load() >= 200 })
	b.kill()
	killed.Store(true)
	before := done.Load()
	waitFor(t, "load after the kill", func() bool { return done.Load() >= before+300 })
	close(stop)
	wg.Wait()
	close(results)

	for range 3 {
		r := recv(t, "a slow request in flight at b", slow)
		if r.err != nil || r.status != http.StatusBadGateway {
			t.Errorf("in flight at b when killed: got %d %v, want 502", r.status, r.err)
			continue
		}
		if e := decodeError(t, r); e.Error != "bad_gateway" || strings.Contains(e.Description, b.addr) {
			t.Errorf("in flight at b: error body %+v, want bad_gateway without the backend's address", e)
		}
	}
	var okAfter, beforeKill int
	for res := range results {
		switch {
		case res.r.err != nil:
			t.Errorf("client error %v: the proxy must answer", res.r.err)
		case res.afterKill && (res.r.status != http.StatusOK || res.r.backend != "a"):
			t.Errorf("request sent after the kill: got %d from %q, want 200 from a", res.r.status, res.r.backend)
		case res.afterKill:
			okAfter++
		case res.r.status != http.StatusOK && res.r.status != http.StatusBadGateway:
			t.Errorf("request sent before the kill: got %d, want 200, or 502 if it was in flight at b", res.r.status)
		default:
			beforeKill++
		}
	}
	if okAfter < 300 {
		t.Errorf("%d requests succeeded after the kill, want at least 300", okAfter)
	}
	if st := p.Backends()[1]; st.Healthy || st.Ejections != 1 {
		t.Errorf("b after the kill: %+v, want ejected once", st)
	}
}

func TestHangingBackendTimesOut(t *testing.T) {
	hang := newBlocker()
	t.Cleanup(hang.open)
	be := startBackend(t, "a", hang)
	p, _ := newTestProxy(t, []string{be.url}, Options{ResponseHeaderTimeout: 50 * time.Millisecond})
	url, client := front(t, p)
	r := getURL(t, client, url+"/")
	if r.err != nil || r.status != http.StatusGatewayTimeout {
		t.Fatalf("got %d %v, want 504", r.status, r.err)
	}
	e := decodeError(t, r)
	if e.Error != "gateway_timeout" || e.RequestID == "" || e.RequestID != r.header.Get("X-Request-Id") {
		t.Errorf("error body %+v, want gateway_timeout with the request ID %q", e, r.header.Get("X-Request-Id"))
	}
	if st := p.Backends()[0]; st.Errors != 1 || !st.Healthy || st.InFlight != 0 {
		t.Errorf("stats %+v, want 1 error, still healthy, none in flight", st)
	}
}

// fakeClock is a clock the test moves.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }
func newFakeClock() *fakeClock               { c := &fakeClock{}; c.ns.Store(time.Now().UnixNano()); return c }

func TestRefusingBackendEjectedAndProbedBack(t *testing.T) {
	a := startBackend(t, "a", ok)
	bAddr := refusingAddr(t)
	clock := newFakeClock()
	p, _ := newTestProxy(t, []string{a.url, "http://" + bAddr}, Options{EjectFor: time.Minute, now: clock.now})
	url, client := front(t, p)
	expect := func(what string, want ...string) {
		t.Helper()
		for i, w := range want {
			if r := getURL(t, client, url+"/"); r.status != http.StatusOK || r.backend != w {
				t.Fatalf("%s, request %d: got %d from %q (%v), want 200 from %s", what, i, r.status, r.backend, r.err, w)
			}
		}
	}
	expect("b refusing", "a", "a", "a", "a")
	st := p.Backends()[1]
	if st.Healthy || st.Requests != 1 || st.Errors != 1 || st.Ejections != 1 || st.EjectedUntil == nil ||
		!st.EjectedUntil.Equal(clock.now().Add(time.Minute)) {
		t.Fatalf("b after a refusal: %+v, want ejected for a minute after 1 request and 1 error", st)
	}

	ln, err := net.Listen("tcp", bAddr)
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", bAddr, err)
	}
	serveBackend(t, "b", ln, ok)
	expect("b listening, still ejected", "a", "a", "a")
	clock.advance(time.Minute)
	expect("cool-down over: the probe goes to b", "b")
	if st := p.Backends()[1]; !st.Healthy || st.EjectedUntil != nil || st.Ejections != 1 {
		t.Fatalf("b after its probe answered: %+v, want healthy", st)
	}
	got := map[string]int{}
	for range 10 {
		got[getURL(t, client, url+"/").backend]++
	}
	if got["a"] != 5 || got["b"] != 5 {
		t.Errorf("after b came back: %v, want 5 each", got)
	}
}

func TestFailedProbeEjectsAgain(t *testing.T) {
	a := startBackend(t, "a", ok)
	clock := newFakeClock()
	p, _ := newTestProxy(t, []string{a.url, "http://" + refusingAddr(t)}, Options{EjectFor: time.Minute, now: clock.now})
	url, client := front(t, p)
	for range 3 {
		getURL(t, client, url+"/")
	}
	clock.advance(2 * time.Minute)
	for range 3 {
		if r := getURL(t, client, url+"/"); r.status != http.StatusOK || r.backend != "a" {
			t.Fatalf("got %d from %q, want 200 from a", r.status, r.backend)
		}
	}
	st := p.Backends()[1]
	if st.Healthy || st.Requests != 2 || st.Errors != 2 || st.Ejections != 1 || !st.EjectedUntil.Equal(clock.now().Add(time.Minute)) {
		t.Errorf("b after a failed probe: %+v, want one more request and error, ejected a minute more", st)
	}
}

func TestAllBackendsEjectedStillTried(t *testing.T) {
	dead := "http://" + refusingAddr(t)
	p, _ := newTestProxy(t, []string{dead}, Options{EjectFor: time.Hour})
	url, client := front(t, p)
	for i := range 3 {
		if r := getURL(t, client, url+"/"); r.status != http.StatusBadGateway {
			t.Fatalf("request %d: got %d %v, want 502", i, r.status, r.err)
		}
	}
	if st := p.Backends()[0]; st.Requests != 3 || st.Ejections != 1 {
		t.Errorf("stats %+v, want 3 requests tried on the ejected backend, ejected once", st)
	}
}

func TestRetryOnlyWhenNeverReached(t *testing.T) {
	echoBody := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Write(body)
	})
	t.Run("refused POST goes to the other backend with its body", func(t *testing.T) {
		live := startBackend(t, "live", echoBody)
		p, _ := newTestProxy(t, []string{live.url, "http://" + refusingAddr(t)}, Options{})
		url, client := front(t, p)
		for i := range 2 {
			body := strings.Repeat("payload ", 1000)
			req, _ := http.NewRequest(http.MethodPost, url+"/", bytes.NewBufferString(body))
			if r := do(client, req); r.status != http.StatusOK || r.body != body {
				t.Fatalf("POST %d: got %d, %d bytes (%v), want 200 and the body back", i, r.status, len(r.body), r.err)
			}
		}
		st := p.Backends()
		if st[0].Requests != 2 || st[1].Requests != 1 || st[1].Errors != 1 {
			t.Errorf("stats %+v, want 2 requests on live and 1 refused on the other", st)
		}
	})
	t.Run("a request that reached its backend is not retried", func(t *testing.T) {
		closer := startBackend(t, "closer", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				c.Close()
			}
		}))
		other := startBackend(t, "other", ok)
		p, _ := newTestProxy(t, []string{closer.url, other.url}, Options{})
		url, client := front(t, p)
		got := map[int]int{}
		for range 4 {
			r := getURL(t, client, url+"/")
			got[r.status]++
		}
		if got[http.StatusOK] != 2 || got[http.StatusBadGateway] != 2 {
			t.Errorf("statuses %v, want 2 of 200 (other) and 2 of 502 (closer)", got)
		}
		if st := p.Backends(); st[1].Requests != 2 || st[0].Errors != 2 || !st[0].Healthy {
			t.Errorf("stats %+v, want other to serve only its 2, closer 2 errors and not ejected", st)
		}
	})
}

func TestActiveHealthCheck(t *testing.T) {
	var status atomic.Int64
	status.Store(http.StatusOK)
	a := startBackend(t, "a", ok)
	b := startBackend(t, "b", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/base/healthz" {
			w.WriteHeader(int(status.Load()))
			return
		}
		ok.ServeHTTP(w, r)
	}))
	p, _ := newTestProxy(t, []string{a.url + "/base", b.url + "/base"},
		Options{HealthCheck: HealthCheck{Path: "/healthz", Interval: 5 * time.Millisecond}})
	url, client := front(t, p)
	status.Store(http.StatusServiceUnavailable)
	waitFor(t, "b ejected by its health check", func() bool { return !p.Backends()[1].Healthy })
	for range 4 {
		if r := getURL(t, client, url+"/"); r.backend != "a" {
			t.Fatalf("b ejected: got %d from %q, want a", r.status, r.backend)
		}
	}
	if !p.Backends()[0].Healthy {
		t.Error("a ejected, want healthy: its /base/healthz is a 200")
	}
	status.Store(http.StatusOK)
	waitFor(t, "b back after its health check passes", func() bool { return p.Backends()[1].Healthy })
	b.kill()
	waitFor(t, "b ejected once it refuses", func() bool { return !p.Backends()[1].Healthy })
}
