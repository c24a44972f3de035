package proxy

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestRoundRobinSpreadsEvenly(t *testing.T) {
	a, b, c := startBackend(t, "a", ok), startBackend(t, "b", ok), startBackend(t, "c", ok)
	p, _ := newTestProxy(t, []string{a.url, b.url, c.url}, Options{})
	url, client := front(t, p)
	got := map[string]int{}
	for range 30 {
		r := getURL(t, client, url+"/x")
		if r.err != nil || r.status != http.StatusOK {
			t.Fatalf("got %d %v, want 200", r.status, r.err)
		}
		got[r.backend]++
	}
	for _, name := range []string{"a", "b", "c"} {
		if got[name] != 10 {
			t.Errorf("backend %s got %d of 30 requests, want 10 (all: %v)", name, got[name], got)
		}
	}
}

func TestLeastInFlightAvoidsTheBusyBackend(t *testing.T) {
	busy := newBlocker()
	t.Cleanup(busy.open)
	slowOrFast := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			busy.ServeHTTP(w, r)
			return
		}
		ok.ServeHTTP(w, r)
	})
	a, b := startBackend(t, "a", slowOrFast), startBackend(t, "b", slowOrFast)
	p, _ := newTestProxy(t, []string{a.url, b.url}, Options{Balance: LeastInFlight})
	url, client := front(t, p)

	// Two slow requests: one on each backend, since each goes to the
	// backend with fewer in flight.
	slow := make(chan reply, 2)
	for range 2 {
		go func() { slow <- getURL(t, client, url+"/slow") }()
		recv(t, "a slow request at a backend", busy.entered)
	}
	// A third slow request makes one backend busier; every fast request
	// then goes to the other.
	go func() { slow <- getURL(t, client, url+"/slow") }()
	recv(t, "the third slow request", busy.entered)
	stats := p.Backends()
	if stats[0].InFlight+stats[1].InFlight != 3 {
		t.Fatalf("in flight %d and %d, want 3 in all", stats[0].InFlight, stats[1].InFlight)
	}
	idle := "a"
	if stats[0].InFlight == 2 {
		idle = "b"
	}
	for i := range 10 {
		r := getURL(t, client, url+"/fast")
		if r.status != http.StatusOK || r.backend != idle {
			t.Fatalf("fast request %d: got %d from %q, want 200 from the less busy %q", i, r.status, r.backend, idle)
		}
	}
	busy.open()
	for range 3 {
		if r := recv(t, "a slow reply", slow); r.status != http.StatusOK {
			t.Errorf("slow request: got %d %v, want 200", r.status, r.err)
		}
	}
}

func TestBackendPath(t *testing.T) {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Method + " " + r.URL.RequestURI() + " host=" + r.Host))
	})
	be := startBackend(t, "a", echo)
	tests := []struct {
		name, backend, path, want string
	}{
		{name: "root", backend: be.url, path: "/x/y?q=1&r=%20", want: "GET /x/y?q=1&r=%20 host=" + be.addr},
		{name: "root with slash", backend: be.url + "/", path: "/x", want: "GET /x host=" + be.addr},
		{name: "base path", backend: be.url + "/api", path: "/x?q=1", want: "GET /api/x?q=1 host=" + be.addr},
		{name: "base path with slash", backend: be.url + "/api/", path: "/", want: "GET /api/ host=" + be.addr},
		{name: "query kept as sent", backend: be.url, path: "/x?b=2&a=%2B+1&a=", want: "GET /x?b=2&a=%2B+1&a= host=" + be.addr},
		{name: "unparsable query cleaned", backend: be.url, path: "/x?a=1;b=2&c=3", want: "GET /x?c=3 host=" + be.addr},
		{name: "escaped slash kept", backend: be.url, path: "/a%2Fb", want: "GET /a%2Fb host=" + be.addr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := newTestProxy(t, []string{tt.backend}, Options{})
			url, client := front(t, p)
			r := getURL(t, client, url+tt.path)
			if r.err != nil || r.status != http.StatusOK || r.body != tt.want {
				t.Errorf("got %d %q %v, want 200 %q", r.status, r.body, r.err, tt.want)
			}
		})
	}
}

func TestHTTPSBackend(t *testing.T) {
	be := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("tls " + r.URL.Path))
	}))
	t.Cleanup(be.Close)
	tlsConfig := be.Client().Transport.(*http.Transport).TLSClientConfig
	p, _ := newTestProxy(t, []string{be.URL}, Options{TLSClientConfig: tlsConfig})
	url, client := front(t, p)
	if r := getURL(t, client, url+"/x"); r.err != nil || r.status != http.StatusOK || r.body != "tls /x" {
		t.Errorf("got %d %q %v, want 200 \"tls /x\"", r.status, r.body, r.err)
	}
	if st := p.Backends()[0]; st.ConnsOpen != 1 {
		t.Errorf("conns open %d, want the one TLS connection", st.ConnsOpen)
	}
	t.Run("untrusted certificate", func(t *testing.T) {
		p, _ := newTestProxy(t, []string{be.URL}, Options{Name: "untrusted"})
		url, client := front(t, p)
		if r := getURL(t, client, url+"/x"); r.status != http.StatusBadGateway {
			t.Errorf("got %d %q, want 502", r.status, r.body)
		}
		if st := p.Backends()[0]; !st.Healthy || st.Errors != 1 {
			t.Errorf("stats %+v, want 1 error and no ejection: the backend answered the dial", st)
		}
	})
}

// TestStaleAnswerRestoresNothing: an answer to a request sent before its
// backend was ejected does not bring the backend back; the answer to a
// request sent after the ejection (its probe) does.
func TestStaleAnswerRestoresNothing(t *testing.T) {
	p, _ := newTestProxy(t, []string{"http://127.0.0.1:1", "http://127.0.0.1:2"}, Options{EjectFor: time.Hour})
	b := p.backends[1]
	tests := []struct {
		name        string
		sentAfter   bool // the request was sent after the ejection
		wantHealthy bool
	}{
		{"sent before the ejection", false, false},
		{"sent after the ejection: a probe", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := b.epoch.Load()
			b.eject(time.Now().UnixNano(), time.Hour)
			if tt.sentAfter {
				sent = b.epoch.Load()
			}
			p.answered(b, sent)
			if got := b.ejectedUntil.Load() == 0; got != tt.wantHealthy {
				t.Errorf("healthy after the answer: got %v, want %v", got, tt.wantHealthy)
			}
			b.restore()
		})
	}
}
