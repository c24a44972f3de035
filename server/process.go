package server

import (
	"runtime/metrics"
	"time"
)

// ProcessSample is what the whole process looks like at one moment, as a
// Sample carries it: memory as the operating system and as the Go runtime
// see it, the garbage collector's pauses and the goroutines.
type ProcessSample struct {
	// RSS is the resident set size, the memory the operating system counts
	// against the process (Linux only: 0 elsewhere).
	RSS uint64
	// HeapInUse is the heap memory in spans that hold objects, as
	// runtime.MemStats.HeapInuse.
	HeapInUse uint64
	// HeapIdle is the heap memory in free spans, released or not, as
	// runtime.MemStats.HeapIdle.
	HeapIdle uint64
	// HeapReleased is the part of HeapIdle given back to the operating
	// system.
	HeapReleased uint64
	// GCCycles counts the garbage collections completed since the previous
	// sample.
	GCCycles uint64
	// GCPauseMax is the longest stop-the-world pause for the garbage
	// collector since the previous sample, to the bucket of the runtime's
	// histogram (0 without one).
	GCPauseMax time.Duration
	// Goroutines is the number of live goroutines.
	Goroutines uint64
}

// The runtime/metrics names read by a processSampler, in the order of its
// samples.
var processMetricNames = [...]string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/released:bytes",
	"/gc/cycles/total:gc-cycles",
	"/gc/pauses:seconds",
	"/sched/goroutines:goroutines",
}

// processSampler reads the process's numbers, keeping what it needs to
// turn counters into differences. It is used by one goroutine at a time.
type processSampler struct {
	samples    []metrics.Sample
	prevCycles uint64
	prevPauses []uint64
	readRSS    func() uint64
}

func newProcessSampler() *processSampler {
	p := &processSampler{samples: make([]metrics.Sample, len(processMetricNames)), readRSS: readRSS}
	for i, name := range processMetricNames {
		p.samples[i].Name = name
	}
	p.read() // the first differences start now
	return p
}

// read returns the process's numbers now.
func (p *processSampler) read() ProcessSample {
	metrics.Read(p.samples)
	u := func(i int) uint64 {
		if p.samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return p.samples[i].Value.Uint64()
	}
	out := ProcessSample{
		RSS:          p.readRSS(),
		HeapInUse:    u(0) + u(1),
		HeapIdle:     u(2) + u(3),
		HeapReleased: u(3),
		Goroutines:   u(6),
	}
	cycles := u(4)
	out.GCCycles, p.prevCycles = cycles-min(p.prevCycles, cycles), cycles
	if p.samples[5].Value.Kind() == metrics.KindFloat64Histogram {
		out.GCPauseMax = p.pauseMax(p.samples[5].Value.Float64Histogram())
	}
	return out
}

// pauseMax returns the upper bound of the highest bucket of h that grew
// since the previous read (its lower bound if it is unbounded).
func (p *processSampler) pauseMax(h *metrics.Float64Histogram) time.Duration {
	if len(p.prevPauses) != len(h.Counts) {
		p.prevPauses = make([]uint64, len(h.Counts))
	}
	top := -1
	for i, c := range h.Counts {
		if c > p.prevPauses[i] {
			top = i
		}
		p.prevPauses[i] = c
	}
	if top < 0 {
		return 0
	}
	bound := h.Buckets[top+1]
	if bound > 1e9 { // +Inf, or past any real pause
		bound = h.Buckets[top]
	}
	return time.Duration(bound * float64(time.Second))
}
