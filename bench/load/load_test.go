package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestAttack checks that an attack counts successes and failures, against
// a local server, briefly.
func TestAttack(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 0 {
			http.Error(w, "no", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	r := attack(srv.URL, http.Header{}, 300*time.Millisecond, 2, 0)
	if r.Requests == 0 || r.Failures == 0 || r.Failures == r.Requests || r.RPS <= 0 {
		t.Errorf("got %+v, want requests with some failures and a positive throughput", r)
	}
}

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v): got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestReport(t *testing.T) {
	targets := []*target{
		{name: "bare", through: []result{{RPS: 1000, P50: time.Millisecond, P99: 2 * time.Millisecond}},
			latency: []result{{P50: time.Millisecond, P99: 2 * time.Millisecond}}},
		{name: "full", through: []result{{RPS: 950, P50: time.Millisecond, P99: 4 * time.Millisecond}},
			latency: []result{{P50: time.Millisecond, P99: 4 * time.Millisecond, Failures: 1}}},
	}
	var b strings.Builder
	report(&b, config{rounds: 1, duration: time.Second, workers: 8, fraction: 0.5}, targets, "/nonexistent")
	for _, want := range []string{"| ratio | 0.95 |", "- throughput at least 90% of the bare handler's: met",
		"- p99 within 1.5x of the bare handler's at the same rate: NOT met", "- no failed requests: NOT met"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
