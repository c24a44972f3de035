package proxy

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

func TestBackendConnectionsReused(t *testing.T) {
	const requests, workers, maxConns = 10000, 32, 64
	be := startBackend(t, "a", ok)
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= requests {
				// Straight into the handler: the connections that matter
				// are the proxy's to the backend.
				w := httptest.NewRecorder()
				p.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
				if w.Code != http.StatusOK || w.Body.String() != "ok" {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d requests failed", n, requests)
	}
	// net/http drops a connection now and then on a loaded machine (when
	// the request write is not confirmed within 50ms), so the backend may
	// have accepted a few more than are open.
	st := p.Backends()[0]
	if got := be.conns.Load(); got > maxConns || st.ConnsOpen > got || st.ConnsOpen < 1 {
		t.Errorf("the backend accepted %d connections for %d requests from %d workers, the proxy has %d open; want at most %d",
			got, requests, workers, st.ConnsOpen, maxConns)
	}
	if st.Requests != requests || st.InFlight != 0 || st.ConnsIdle != st.ConnsOpen {
		t.Errorf("stats %+v, want %d requests, none in flight, every connection idle", st, requests)
	}
	t.Logf("%d requests at %d workers: %d backend connections", requests, workers, be.conns.Load())
}
