package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
)

// basic returns the credentials of a Basic Authorization header.
func basic(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// medians returns the median throughput and latencies of results.
func medians(rs []result) (rps float64, p50, p99 time.Duration, failures uint64) {
	var r, a, b []float64
	for _, x := range rs {
		r, a, b = append(r, x.RPS), append(a, float64(x.P50)), append(b, float64(x.P99))
		failures += x.Failures
	}
	return median(r), time.Duration(median(a)), time.Duration(median(b)), failures
}

// report prints the Markdown table and the verdict on the targets.
func report(out io.Writer, c config, targets []*target, logFile string) {
	bare, full := targets[0], targets[1]
	bRPS, bP50, bP99, bFail := medians(bare.through)
	fRPS, fP50, fP99, fFail := medians(full.through)
	_, lbP50, lbP99, lbFail := medians(bare.latency)
	_, lfP50, lfP99, lfFail := medians(full.latency)
	rate := int(bRPS * c.fraction)
	logSize := int64(0)
	if st, err := os.Stat(logFile); err == nil {
		logSize = st.Size()
	}
	fmt.Fprintf(out, "GET of one item, %d rounds of %v per server, alternating; %d CPUs, %s.\n\n",
		c.rounds, c.duration, runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(out, "| server | throughput (%d workers) | p50 | p99 | p50 at %d req/s | p99 at %d req/s | failed |\n", c.workers, rate, rate)
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|")
	fmt.Fprintf(out, "| %s | %.0f req/s | %v | %v | %v | %v | %d |\n", bare.name, bRPS, round(bP50), round(bP99), round(lbP50), round(lbP99), bFail+lbFail)
	fmt.Fprintf(out, "| %s | %.0f req/s | %v | %v | %v | %v | %d |\n", full.name, fRPS, round(fP50), round(fP99), round(lfP50), round(lfP99), fFail+lfFail)
	fmt.Fprintf(out, "| ratio | %.2f | %.2f | %.2f | %.2f | %.2f | |\n\n",
		fRPS/bRPS, ratio(fP50, bP50), ratio(fP99, bP99), ratio(lfP50, lbP50), ratio(lfP99, lbP99))
	fmt.Fprintf(out, "exampled wrote %d bytes of JSON access log to a file during the run.\n\n", logSize)
	verdict(out, "throughput at least 90% of the bare handler's", fRPS >= 0.9*bRPS)
	verdict(out, "p99 within 1.5x of the bare handler's at the same rate", ratio(lfP99, lbP99) <= 1.5)
	verdict(out, "no failed requests", bFail+fFail+lbFail+lfFail == 0)
}

func verdict(out io.Writer, what string, ok bool) {
	mark := "met"
	if !ok {
		mark = "NOT met"
	}
	fmt.Fprintf(out, "- %s: %s\n", what, mark)
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
