package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
)

// contender is one proxy under test and its runs.
type contender struct {
	name string
	proc *process
	runs []result
}

// result is one run against a contender.
type result struct {
	rps          float64
	cpuPerReq    float64 // µs of the contender's CPU per request
	backendConns int64   // connections the backend accepted during the run
	errors       int64
}

// median returns the median of xs.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// field returns f of every run of c.
func (c *contender) field(f func(result) float64) []float64 {
	out := make([]float64, len(c.runs))
	for i, r := range c.runs {
		out[i] = f(r)
	}
	return out
}

// report prints the medians as a Markdown table, with the ratios of the
// contenders to nginx (the first) and of tonic's proxy to the bare one.
func report(out io.Writer, c config, cs []*contender) {
	fmt.Fprintf(out, "\n%d rounds of %v per contender, rotating; wrk -t%d -c%d; %d CPUs, %s; nginx with %d workers.\n\n",
		c.rounds, c.duration, c.threads, c.connections, runtime.NumCPU(), runtime.Version(), c.workers)
	fmt.Fprintln(out, "| proxy | req/s (median) | vs nginx | CPU per request (median) | backend connections opened per run (median) | errors |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|")
	base := median(cs[0].field(func(r result) float64 { return r.rps }))
	rps := map[string]float64{}
	for _, ct := range cs {
		m := median(ct.field(func(r result) float64 { return r.rps }))
		rps[ct.name] = m
		var errs int64
		for _, r := range ct.runs {
			errs += r.errors
		}
		fmt.Fprintf(out, "| %s | %.0f | %.2f | %.1f µs | %.0f | %d |\n", ct.name, m, m/base,
			median(ct.field(func(r result) float64 { return r.cpuPerReq })),
			median(ct.field(func(r result) float64 { return float64(r.backendConns) })), errs)
	}
	if len(cs) >= 3 {
		fmt.Fprintf(out, "\ntonic / nginx: %.2f of the requests per second (target 0.75 or more)\n", rps[cs[1].name]/base)
		fmt.Fprintf(out, "tonic / bare ReverseProxy: %.2f (target above 1)\n", rps[cs[1].name]/rps[cs[2].name])
	}
}
