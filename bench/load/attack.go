package main

import (
	"net/http"
	"sort"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// result is what one attack measured.
type result struct {
	RPS      float64       // successful requests per second
	P50, P99 time.Duration // latency percentiles
	Requests uint64
	Failures uint64 // non-2xx responses and transport errors
	Errors   []string
}

// attack sends GET requests to url for d: closed-loop with workers
// concurrent clients when rate is 0 (the throughput a server sustains), or
// open-loop at rate requests per second (its latency at that load).
func attack(url string, header http.Header, d time.Duration, workers uint64, rate int) result {
	a := vegeta.NewAttacker(vegeta.Workers(workers), vegeta.MaxWorkers(workers),
		vegeta.Connections(int(workers)), vegeta.KeepAlive(true), vegeta.Timeout(10*time.Second))
	tr := vegeta.NewStaticTargeter(vegeta.Target{Method: "GET", URL: url, Header: header})
	var m vegeta.Metrics
	for res := range a.Attack(tr, vegeta.Rate{Freq: rate, Per: time.Second}, d, "load") {
		m.Add(res)
	}
	m.Close()
	failed := uint64(0)
	for code, n := range m.StatusCodes {
		if code < "200" || code >= "300" {
			failed += uint64(n)
		}
	}
	return result{RPS: m.Throughput, P50: m.Latencies.P50, P99: m.Latencies.P99, Requests: m.Requests,
		Failures: failed, Errors: m.Errors}
}

// median returns the median of xs.
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
