package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestClosedLoop checks that the client counts successes and failures
// against a local server, briefly.
func TestClosedLoop(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/json" {
			http.Error(w, "want the header", http.StatusBadRequest)
			return
		}
		if n.Add(1)%2 == 0 {
			http.Error(w, "no", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	r := closedLoop(strings.TrimPrefix(srv.URL, "http://"), "/x", acceptJSON, 300*time.Millisecond, 2)
	if r.Requests == 0 || r.Failures == 0 || r.Failures == r.Requests || r.RPS <= 0 || r.P99 < r.P50 || len(r.Errors) != 0 {
		t.Errorf("got %+v, want requests with some failures, a positive throughput and no errors", r)
	}
}

func TestParseStat(t *testing.T) {
	line := "4242 (exampled (x) y) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 50 0 0 20 0 9 0 1000 0 0"
	got, err := parseStat(line)
	if err != nil || got != 3*time.Second {
		t.Errorf("got %v %v, want 3s (300 ticks)", got, err)
	}
	if _, err := parseStat("garbage"); err == nil {
		t.Error("garbage: got no error")
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
		{name: "bare", runs: []run{{result: result{RPS: 1000, P50: time.Millisecond, P99: 2 * time.Millisecond, Requests: 1000},
			cpu: 20 * time.Millisecond, mallocs: 13000}}},
		{name: "full", runs: []run{{result: result{RPS: 950, P50: time.Millisecond, P99: 4 * time.Millisecond, Requests: 1000, Failures: 1},
			cpu: 30 * time.Millisecond, mallocs: 20000}}},
	}
	var b strings.Builder
	report(&b, config{rounds: 1, duration: time.Second, workers: 8}, targets, "/nonexistent")
	for _, want := range []string{"| ratio (or difference) | 0.95 | 1.00 | 2.00 | 1.50 | +7.0 | |",
		"- throughput at least 90% of the bare handler's: met",
		"- p99 within 1.5x of the bare handler's: NOT met",
		"- server CPU per request at most 1.2x the bare handler's: NOT met",
		"- at most 12 allocations per request more than the bare handler: met",
		"- no failed requests: NOT met"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestReportAgainstTimeouts checks the row, the per-round ratios and the
// verdicts against the bare server with tonic's timeouts.
func TestReportAgainstTimeouts(t *testing.T) {
	one := func(rps float64, cpu time.Duration) run {
		return run{result: result{RPS: rps, P50: time.Millisecond, P99: 2 * time.Millisecond, Requests: 1000}, cpu: cpu, mallocs: 13000}
	}
	targets := []*target{
		{name: "bare", runs: []run{one(1000, 20*time.Millisecond), one(1000, 20*time.Millisecond)}},
		{name: "full", runs: []run{one(900, 24*time.Millisecond), one(500, 60*time.Millisecond)}},
		{name: "timeouts", timeouts: true, runs: []run{one(950, 22*time.Millisecond), one(400, 44*time.Millisecond)}},
	}
	var b strings.Builder
	report(&b, config{rounds: 2, duration: time.Second, workers: 8}, targets, "/nonexistent")
	for _, want := range []string{"| exampled against timeouts | 1.04 | 1.00 | 1.00 | 1.27 | +0.0 | |",
		"against bare: throughput 0.70, server CPU per request 2.10.",
		"against timeouts: throughput 1.10, server CPU per request 1.23.",
		"- throughput at least 90% of the bare handler's with tonic's timeouts: met",
		"- server CPU per request at most 1.2x the bare handler's with tonic's timeouts: NOT met"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
