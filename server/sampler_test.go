package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// statusHandler answers with the status in its {code} path value, after
// the duration in its ?d= query, if any.
func statusHandler() http.Handler {
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		if d, err := time.ParseDuration(r.URL.Query().Get("d")); err == nil {
			time.Sleep(d)
		}
		switch r.PathValue("code") {
		case "500":
			w.WriteHeader(http.StatusInternalServerError)
		case "404":
			w.WriteHeader(http.StatusNotFound)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
	return mux
}

// serveDirect serves a GET of path with s's request path, without a
// listener.
func serveDirect(s *Server, path string) {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	s.serveHTTP(httptest.NewRecorder(), r)
}

// TestTakeSample checks that a sample counts the requests of its second
// only, by status class, with their percentiles, and the process's numbers.
func TestTakeSample(t *testing.T) {
	s, _ := newTestServer(t, statusHandler(), Options{})
	serveDirect(s, "/status/200") // before the sampler: not counted
	s.initSampler()
	for _, p := range []string{"/status/200", "/status/200", "/status/200?d=20ms", "/status/500", "/status/404", "/nowhere"} {
		serveDirect(s, p)
	}
	s.stats.shedOne()
	t0 := time.Now()
	first := s.takeSample(t0)
	second := s.takeSample(t0.Add(time.Second))

	for _, tt := range []struct {
		name      string
		got, want uint64
	}{
		{"first: requests", first.Requests, 6},
		{"first: 2xx", first.ByClass[2], 3},
		{"first: 4xx", first.ByClass[4], 2},
		{"first: 5xx", first.ByClass[5], 1},
		{"first: shed", first.Shed, 1},
		{"second: shed", second.Shed, 0},
		{"second: requests", second.Requests, 0},
		{"second: 2xx", second.ByClass[2], 0},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	if first.P50 <= 0 || first.P50 >= 20*time.Millisecond {
		t.Errorf("first: got p50 %v, want above 0 and below the one slow request's 20ms", first.P50)
	}
	if first.P99 < 20*time.Millisecond {
		t.Errorf("first: got p99 %v, want at least the slow request's 20ms", first.P99)
	}
	if second.P50 != 0 || second.P99 != 0 {
		t.Errorf("second: got p50 %v p99 %v, want 0 without requests", second.P50, second.P99)
	}
	if first.Process.HeapInUse == 0 || first.Process.Goroutines == 0 {
		t.Errorf("got process %+v, want the heap in use and the goroutines", first.Process)
	}
	if runtime.GOOS == "linux" && first.Process.RSS == 0 {
		t.Errorf("got RSS 0 on Linux, want /proc/self/statm's")
	}
	if first.Ready || first.Draining {
		t.Errorf("got ready %v draining %v, want neither before Serve", first.Ready, first.Draining)
	}
}

// TestTakeSampleInFlight checks the in-flight count and the oldest age.
func TestTakeSampleInFlight(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	s, _ := newTestServer(t, b, Options{})
	s.initSampler()
	done := make(chan struct{})
	go func() { defer close(done); serveDirect(s, "/slow") }()
	recv(t, "the request to enter its handler", b.entered)
	smp := s.takeSample(time.Now().Add(time.Minute))
	b.release <- struct{}{}
	recv(t, "the request to end", done)
	if smp.InFlight != 1 || smp.Oldest < time.Minute {
		t.Errorf("got in-flight %d oldest %v, want 1 request at least a minute old", smp.InFlight, smp.Oldest)
	}
}

// TestSamplerRing checks that the ring keeps the last SampleHistory samples,
// oldest first, and that Samples returns those after a time.
func TestSamplerRing(t *testing.T) {
	var sp sampler
	t0 := time.Unix(1_700_000_000, 0)
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }
	if got := sp.since(time.Time{}); len(got) != 0 {
		t.Fatalf("empty ring: got %d samples, want 0", len(got))
	}
	const added = SampleHistory + 50
	for i := range added {
		sp.add(Sample{Time: at(i), Requests: uint64(i)})
	}
	for _, tt := range []struct {
		name      string
		since     time.Time
		wantN     int
		wantFirst uint64
	}{
		{"all", time.Time{}, SampleHistory, added - SampleHistory},
		{"after the last but two", at(added - 3), 2, added - 2},
		{"after the last", at(added - 1), 0, 0},
		{"after an evicted one", at(10), SampleHistory, added - SampleHistory},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := sp.since(tt.since)
			if len(got) != tt.wantN {
				t.Fatalf("got %d samples, want %d", len(got), tt.wantN)
			}
			for i := 1; i < len(got); i++ {
				if !got[i].Time.After(got[i-1].Time) {
					t.Fatalf("sample %d at %v is not after sample %d at %v", i, got[i].Time, i-1, got[i-1].Time)
				}
			}
			if len(got) > 0 && got[0].Requests != tt.wantFirst {
				t.Errorf("got first sample #%d, want #%d", got[0].Requests, tt.wantFirst)
			}
		})
	}
}

// TestSamplerRunsFromServeToShutdown checks that a serving server samples
// once a second on its own, that the samples stay after Shutdown, and that
// the sampling goroutine ends with it (leakCheck).
func TestSamplerRunsFromServeToShutdown(t *testing.T) {
	for _, stop := range []struct {
		name string
		stop func(*Server) error
	}{
		{"Shutdown", func(s *Server) error { return s.Shutdown(context.Background()) }},
		{"Close", func(s *Server) error { return s.Close() }},
	} {
		t.Run(stop.name, func(t *testing.T) {
			leakCheck(t)
			s, _ := newTestServer(t, statusHandler(), Options{})
			if got := s.Samples(time.Time{}); len(got) != 0 {
				t.Fatalf("before Serve: got %d samples, want none", len(got))
			}
			ln := listen(t)
			served := make(chan error, 1)
			go func() { served <- s.Serve(ln) }()
			c := newClient(t, nil)
			url := "http://" + ln.Addr().String() + "/status/200"
			waitFor(t, "two samples, the second with a request", func() bool {
				if _, _, err := get(t, c, url, ""); err != nil {
					t.Fatal(err)
				}
				smp := s.Samples(time.Time{})
				return len(smp) >= 2 && smp[len(smp)-1].Requests > 0
			})
			smp := s.Samples(time.Time{})
			last := smp[len(smp)-1]
			if !last.Ready || last.Draining || last.Connections == 0 {
				t.Errorf("got ready %v draining %v connections %d, want ready, not draining, a connection",
					last.Ready, last.Draining, last.Connections)
			}
			c.CloseIdleConnections()
			if err := stop.stop(s); err != nil && !errors.Is(err, ErrServerClosed) {
				t.Fatalf("%s: %v", stop.name, err)
			}
			if err := recv(t, "Serve to return", served); !errors.Is(err, ErrServerClosed) {
				t.Errorf("Serve: got %v, want ErrServerClosed", err)
			}
			if !s.Draining() {
				t.Errorf("after %s: Draining is false", stop.name)
			}
			if got := s.Samples(time.Time{}); len(got) < len(smp) {
				t.Errorf("after %s: got %d samples, want the %d taken", stop.name, len(got), len(smp))
			}
		})
	}
}
