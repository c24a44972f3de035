package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"time"
)

// basic returns the credentials of a Basic Authorization header.
func basic(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// summary is the medians of a target's runs.
type summary struct {
	rps        float64
	p50, p99   time.Duration
	cpuPerReq  time.Duration
	allocsPer  float64
	failures   uint64
	requests   uint64
	firstError string
}

// summarise returns the medians of runs.
func summarise(runs []run) summary {
	var rps, p50, p99, cpu, allocs []float64
	var s summary
	for _, r := range runs {
		rps, p50, p99 = append(rps, r.RPS), append(p50, float64(r.P50)), append(p99, float64(r.P99))
		if r.Requests > 0 {
			cpu = append(cpu, float64(r.cpu)/float64(r.Requests))
			allocs = append(allocs, float64(r.mallocs)/float64(r.Requests))
		}
		s.failures += r.Failures
		s.requests += r.Requests
		if len(r.Errors) > 0 && s.firstError == "" {
			s.firstError = r.Errors[0]
		}
	}
	s.rps, s.p50, s.p99 = median(rps), time.Duration(median(p50)), time.Duration(median(p99))
	s.cpuPerReq, s.allocsPer = time.Duration(median(cpu)), median(allocs)
	return s
}

// report prints the Markdown table and the verdict on the targets.
func report(out io.Writer, c config, targets []*target, logFile string) {
	b, f := summarise(targets[0].runs), summarise(targets[1].runs)
	fmt.Fprintf(out, "GET of one item, closed loop over %d connections, %d runs of %v per server, alternating; %d CPUs, %s.\n\n",
		c.workers, c.rounds, c.duration, runtime.NumCPU(), runtime.Version())
	fmt.Fprintln(out, "| server | throughput | p50 | p99 | server CPU per request | server allocations per request | failed |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|")
	sums := []summary{b, f}
	for _, t := range targets[2:] {
		sums = append(sums, summarise(t.runs))
	}
	for i, s := range sums {
		fmt.Fprintf(out, "| %s | %.0f req/s | %v | %v | %.1f µs | %.1f | %d of %d |\n", targets[i].name, s.rps, round(s.p50), round(s.p99),
			float64(s.cpuPerReq)/float64(time.Microsecond), s.allocsPer, s.failures, s.requests)
	}
	fmt.Fprintf(out, "| ratio (or difference) | %.2f | %.2f | %.2f | %.2f | +%.1f | |\n",
		f.rps/b.rps, ratio(f.p50, b.p50), ratio(f.p99, b.p99), ratio(f.cpuPerReq, b.cpuPerReq), f.allocsPer-b.allocsPer)
	for i, t := range targets[2:] {
		s := sums[2+i]
		fmt.Fprintf(out, "| exampled against %s | %.2f | %.2f | %.2f | %.2f | %+.1f | |\n", t.name,
			f.rps/s.rps, ratio(f.p50, s.p50), ratio(f.p99, s.p99), ratio(f.cpuPerReq, s.cpuPerReq), f.allocsPer-s.allocsPer)
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Medians of the per-round ratios (each exampled run against the other server's run of the same round):")
	for _, t := range append([]*target{targets[0]}, targets[2:]...) {
		rps, cpu := roundRatios(targets[1].runs, t.runs)
		fmt.Fprintf(out, "against %s: throughput %.2f, server CPU per request %.2f.\n", t.name, rps, cpu)
	}
	fmt.Fprintln(out)
	if st, err := os.Stat(logFile); err == nil {
		fmt.Fprintf(out, "exampled wrote %d bytes of JSON access log to a file during the run.\n\n", st.Size())
	}
	for _, s := range []summary{b, f} {
		if s.firstError != "" {
			fmt.Fprintf(out, "first error: %s\n\n", s.firstError)
		}
	}
	verdict(out, "throughput at least 90% of the bare handler's", f.rps >= 0.9*b.rps)
	verdict(out, "p99 within 1.5x of the bare handler's", ratio(f.p99, b.p99) <= 1.5)
	verdict(out, "server CPU per request at most 1.2x the bare handler's", ratio(f.cpuPerReq, b.cpuPerReq) <= 1.2)
	verdict(out, "at most 12 allocations per request more than the bare handler", f.allocsPer-b.allocsPer <= 12)
	for i, t := range targets[2:] {
		if t.timeouts {
			s := sums[2+i]
			verdict(out, "throughput at least 90% of the bare handler's with tonic's timeouts", f.rps >= 0.9*s.rps)
			verdict(out, "server CPU per request at most 1.2x the bare handler's with tonic's timeouts", ratio(f.cpuPerReq, s.cpuPerReq) <= 1.2)
		}
	}
	verdict(out, "no failed requests", b.failures+f.failures == 0)
}

// roundRatios returns the medians, over the rounds both have, of a's
// throughput and CPU per request divided by b's in the same round: ratios
// that drift in the machine's load between rounds does not move.
func roundRatios(a, b []run) (rps, cpu float64) {
	var rs, cs []float64
	for i := 0; i < min(len(a), len(b)); i++ {
		if b[i].RPS > 0 {
			rs = append(rs, a[i].RPS/b[i].RPS)
		}
		if a[i].Requests > 0 && b[i].Requests > 0 && b[i].cpu > 0 {
			cs = append(cs, (float64(a[i].cpu)/float64(a[i].Requests))/(float64(b[i].cpu)/float64(b[i].Requests)))
		}
	}
	return median(rs), median(cs)
}

func verdict(out io.Writer, what string, ok bool) {
	mark := "met"
	if !ok {
		mark = "NOT met"
	}
	fmt.Fprintf(out, "- %s: %s\n", what, mark)
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

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func round(d time.Duration) time.Duration {
	if d > time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
