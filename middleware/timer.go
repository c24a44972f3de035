package middleware

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// The shape of a timer: per-window counts for the rates over the last 15
// minutes, and per-window latency histograms for the distribution of the
// last minute.
const (
	windowNanos    = int64(5 * time.Second)
	rateWindows    = 180 // 15 minutes of 5-second windows
	sampleWindows  = 12  // the last minute, for percentiles and min/max/mean
	subBuckets     = 4   // buckets per power of two: values within about 9%
	minExp         = 10  // 2^10 ns, about 1 µs: shorter durations share the first bucket
	numExps        = 26  // up to 2^36 ns, about 69 s: longer ones share the last bucket
	numBuckets     = numExps*subBuckets + 2
	resettingEpoch = math.MinInt64 // a window being cleared for a new epoch
)

// timer is tonic's go-metrics Timer, which Timed registers: lock-free on the
// request path (a few atomic additions, no clock read of its own when the
// caller passes the time), where go-metrics' StandardTimer takes a lock and
// reads the clock three times per update. It implements metrics.Timer with
// these meanings:
//
//   - Count and Sum count every update since the timer was made (so they
//     only grow, as Prometheus wants of a summary's count and sum);
//   - Min, Max, Mean, StdDev, Variance and Percentile describe the updates
//     of the last minute (go-metrics' default timer biases its sample
//     towards recent updates too); percentiles come from a histogram with 4
//     buckets per power of two, so they are within about 9%;
//   - Rate1, Rate5 and Rate15 are the updates per second over the last 1, 5
//     and 15 minutes (moving averages over 5-second windows), RateMean the
//     rate since the timer was made.
type timer struct {
	made    time.Time
	count   atomic.Int64
	sum     atomic.Int64
	rates   [rateWindows]countWindow
	samples [sampleWindows]sampleWindow
}

// countWindow counts the updates of one 5-second window.
type countWindow struct {
	epoch atomic.Int64 // UnixNano / windowNanos of the window counted
	n     atomic.Int64
}

// sampleWindow is the histogram of one 5-second window.
type sampleWindow struct {
	epoch    atomic.Int64
	n, sum   atomic.Int64
	min, max atomic.Int64
	buckets  [numBuckets]atomic.Int64
}

var _ metrics.Timer = (*timer)(nil)

// newTimer returns an empty timer.
func newTimer() metrics.Timer { return newTimerAt(time.Now()) }

// newTimerAt returns an empty timer made at now.
func newTimerAt(now time.Time) *timer {
	t := &timer{made: now}
	for i := range t.samples {
		t.samples[i].epoch.Store(-1)
	}
	for i := range t.rates {
		t.rates[i].epoch.Store(-1)
	}
	return t
}

// updateAt records a duration d that ended at now.
func (t *timer) updateAt(d time.Duration, now time.Time) {
	if d < 0 {
		d = 0
	}
	ns := int64(d)
	t.count.Add(1)
	t.sum.Add(ns)
	epoch := now.UnixNano() / windowNanos
	if c := t.countWindow(epoch); c != nil {
		c.n.Add(1)
	}
	if w := t.sampleWindow(epoch); w != nil {
		w.add(ns)
	}
}

// countWindow returns the count window of epoch, cleared for it when it
// held an older one, or nil while another update clears it.
func (t *timer) countWindow(epoch int64) *countWindow {
	c := &t.rates[epoch%rateWindows]
	if e := c.epoch.Load(); e != epoch {
		if e == resettingEpoch || e > epoch || !c.epoch.CompareAndSwap(e, resettingEpoch) {
			return nil // another update clears it, or a late update for a window gone by
		}
		c.n.Store(0)
		c.epoch.Store(epoch)
	}
	return c
}

// sampleWindow returns the sample window of epoch as countWindow does.
func (t *timer) sampleWindow(epoch int64) *sampleWindow {
	w := &t.samples[epoch%sampleWindows]
	if e := w.epoch.Load(); e != epoch {
		if e == resettingEpoch || e > epoch || !w.epoch.CompareAndSwap(e, resettingEpoch) {
			return nil
		}
		w.n.Store(0)
		w.sum.Store(0)
		w.min.Store(math.MaxInt64)
		w.max.Store(math.MinInt64)
		for i := range w.buckets {
			w.buckets[i].Store(0)
		}
		w.epoch.Store(epoch)
	}
	return w
}

// add records ns in the window.
func (w *sampleWindow) add(ns int64) {
	w.n.Add(1)
	w.sum.Add(ns)
	w.buckets[bucketOf(ns)].Add(1)
	for m := w.min.Load(); ns < m && !w.min.CompareAndSwap(m, ns); m = w.min.Load() {
	}
	for m := w.max.Load(); ns > m && !w.max.CompareAndSwap(m, ns); m = w.max.Load() {
	}
}

// bucketOf returns the histogram bucket of a duration of ns nanoseconds.
func bucketOf(ns int64) int {
	if ns < 1<<minExp {
		return 0
	}
	e := bits.Len64(uint64(ns)) - 1 // 2^e <= ns < 2^(e+1)
	if e >= minExp+numExps {
		return numBuckets - 1
	}
	sub := int(uint64(ns)>>(e-2)) & (subBuckets - 1) // the next two bits below the top one
	return 1 + (e-minExp)*subBuckets + sub
}

// bucketMid returns a representative value of bucket i: the middle of its
// range.
func bucketMid(i int) float64 {
	switch {
	case i == 0:
		return float64(int64(1)<<minExp) / 2
	case i == numBuckets-1:
		return float64(int64(1) << (minExp + numExps))
	}
	e := (i-1)/subBuckets + minExp
	sub := (i - 1) % subBuckets
	lo := float64(int64(1)<<e) * (1 + float64(sub)/subBuckets)
	hi := float64(int64(1)<<e) * (1 + float64(sub+1)/subBuckets)
	return (lo + hi) / 2
}

// Update records a duration that ended now.
func (t *timer) Update(d time.Duration) { t.updateAt(d, time.Now()) }

// UpdateSince records the time since ts.
func (t *timer) UpdateSince(ts time.Time) {
	now := time.Now()
	t.updateAt(now.Sub(ts), now)
}

// Time records how long f takes.
func (t *timer) Time(f func()) {
	start := time.Now()
	f()
	t.UpdateSince(start)
}

// Stop does nothing: the timer holds no goroutine.
func (t *timer) Stop() {}

// Count returns the number of updates since the timer was made.
func (t *timer) Count() int64 { return t.count.Load() }

// Sum returns the sum of every duration recorded, in nanoseconds.
func (t *timer) Sum() int64 { return t.sum.Load() }

// Snapshot returns a copy of the timer's numbers now.
func (t *timer) Snapshot() metrics.Timer { return t.snapshot(time.Now()) }

// The numbers of the last minute and of the rates, from a snapshot.
func (t *timer) Max() int64                         { return t.Snapshot().Max() }
func (t *timer) Min() int64                         { return t.Snapshot().Min() }
func (t *timer) Mean() float64                      { return t.Snapshot().Mean() }
func (t *timer) StdDev() float64                    { return t.Snapshot().StdDev() }
func (t *timer) Variance() float64                  { return t.Snapshot().Variance() }
func (t *timer) Percentile(p float64) float64       { return t.Snapshot().Percentile(p) }
func (t *timer) Percentiles(ps []float64) []float64 { return t.Snapshot().Percentiles(ps) }
func (t *timer) Rate1() float64                     { return t.Snapshot().Rate1() }
func (t *timer) Rate5() float64                     { return t.Snapshot().Rate5() }
func (t *timer) Rate15() float64                    { return t.Snapshot().Rate15() }
func (t *timer) RateMean() float64                  { return t.Snapshot().RateMean() }

// snapshot returns the timer's numbers at now.
func (t *timer) snapshot(now time.Time) *timerSnapshot {
	s := &timerSnapshot{count: t.count.Load(), sum: t.sum.Load(), min: math.MaxInt64, max: math.MinInt64}
	epoch := now.UnixNano() / windowNanos
	for i := range t.samples {
		w := &t.samples[i]
		if e := w.epoch.Load(); e <= epoch-sampleWindows || e > epoch {
			continue // stale, being cleared (resettingEpoch is the smallest int64), or never used
		}
		s.n += w.n.Load()
		s.wsum += w.sum.Load()
		s.min, s.max = min(s.min, w.min.Load()), max(s.max, w.max.Load())
		for b := range w.buckets {
			s.buckets[b] += w.buckets[b].Load()
		}
	}
	if s.n == 0 {
		s.min, s.max = 0, 0
	}
	age := now.Sub(t.made)
	into := time.Duration(now.UnixNano() - epoch*windowNanos) // how far into the current window
	for i, k := range []int64{12, 60, 180} {                  // 1, 5 and 15 minutes of windows
		n := int64(0)
		for j := range t.rates {
			if e := t.rates[j].epoch.Load(); e > epoch-k && e <= epoch {
				n += t.rates[j].n.Load()
			}
		}
		span := min(time.Duration(k-1)*time.Duration(windowNanos)+into, age)
		s.rates[i] = perSecond(n, span)
	}
	s.rateMean = perSecond(s.count, age)
	return s
}

// perSecond returns n events over d as a rate, 0 for no time.
func perSecond(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// timerSnapshot is a read-only copy of a timer's numbers. Like go-metrics'
// snapshots, it panics if updated.
type timerSnapshot struct {
	count, sum int64 // since the timer was made
	n, wsum    int64 // over the last minute
	min, max   int64
	buckets    [numBuckets]int64
	rates      [3]float64 // 1, 5 and 15 minutes
	rateMean   float64
}

var _ metrics.Timer = (*timerSnapshot)(nil)

func (s *timerSnapshot) Count() int64                 { return s.count }
func (s *timerSnapshot) Sum() int64                   { return s.sum }
func (s *timerSnapshot) Min() int64                   { return s.min }
func (s *timerSnapshot) Max() int64                   { return s.max }
func (s *timerSnapshot) Rate1() float64               { return s.rates[0] }
func (s *timerSnapshot) Rate5() float64               { return s.rates[1] }
func (s *timerSnapshot) Rate15() float64              { return s.rates[2] }
func (s *timerSnapshot) RateMean() float64            { return s.rateMean }
func (s *timerSnapshot) Snapshot() metrics.Timer      { return s }
func (s *timerSnapshot) Stop()                        {}
func (s *timerSnapshot) StdDev() float64              { return math.Sqrt(s.Variance()) }
func (s *timerSnapshot) Time(func())                  { panic("Time called on a timer snapshot") }
func (s *timerSnapshot) Update(time.Duration)         { panic("Update called on a timer snapshot") }
func (s *timerSnapshot) UpdateSince(time.Time)        { panic("UpdateSince called on a timer snapshot") }
func (s *timerSnapshot) Percentile(p float64) float64 { return s.Percentiles([]float64{p})[0] }

// Mean returns the mean duration of the last minute, in nanoseconds.
func (s *timerSnapshot) Mean() float64 {
	if s.n == 0 {
		return 0
	}
	return float64(s.wsum) / float64(s.n)
}

// Variance returns the variance of the durations of the last minute, from
// the histogram: each duration counts as the middle of its bucket.
func (s *timerSnapshot) Variance() float64 {
	if s.n == 0 {
		return 0
	}
	mean, v := s.Mean(), 0.0
	for i, c := range s.buckets {
		if c > 0 {
			d := s.clamp(bucketMid(i)) - mean
			v += float64(c) * d * d
		}
	}
	return v / float64(s.n)
}

// Percentiles returns the given quantiles (0 to 1) of the durations of the
// last minute, in nanoseconds: the middle of the bucket that holds each,
// kept within the minimum and maximum seen.
func (s *timerSnapshot) Percentiles(ps []float64) []float64 {
	out := make([]float64, len(ps))
	if s.n == 0 {
		return out
	}
	for k, p := range ps {
		rank := int64(math.Ceil(min(max(p, 0), 1) * float64(s.n)))
		rank = max(rank, 1)
		seen := int64(0)
		for i, c := range s.buckets {
			if seen += c; seen >= rank {
				out[k] = s.clamp(bucketMid(i))
				break
			}
		}
	}
	return out
}

// clamp keeps v within the minimum and maximum seen.
func (s *timerSnapshot) clamp(v float64) float64 {
	return min(max(v, float64(s.min)), float64(s.max))
}
