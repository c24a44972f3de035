package middleware

import (
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// TestBuckets: every duration falls in a bucket whose middle is within
// 12.5% of it (4 buckets per power of two), and buckets grow with the
// duration.
func TestBuckets(t *testing.T) {
	t.Parallel()
	last := -1
	for ns := int64(1 << minExp); ns < int64(1)<<(minExp+numExps); ns = ns*17/16 + 1 {
		b := bucketOf(ns)
		if b < last {
			t.Fatalf("bucketOf(%d) = %d after %d: buckets must not go down", ns, b, last)
		}
		last = b
		if mid := bucketMid(b); math.Abs(mid-float64(ns))/float64(ns) > 0.125 {
			t.Errorf("bucketOf(%d) = %d, whose middle %.0f is more than 12.5%% away", ns, b, mid)
		}
	}
	for _, tt := range []struct {
		ns   int64
		want int
	}{{0, 0}, {1<<minExp - 1, 0}, {1 << minExp, 1}, {math.MaxInt64, numBuckets - 1}} {
		if got := bucketOf(tt.ns); got != tt.want {
			t.Errorf("bucketOf(%d): got %d, want %d", tt.ns, got, tt.want)
		}
	}
}

// TestTimerNumbers compares the timer with exact numbers over a known set
// of durations.
func TestTimerNumbers(t *testing.T) {
	t.Parallel()
	made := time.Unix(1_700_000_000, 0)
	tm := newTimerAt(made)
	var ds []float64
	now := made.Add(30 * time.Second)
	for i := 1; i <= 1000; i++ {
		d := time.Duration(i) * 137 * time.Microsecond // 137 µs to 137 ms
		tm.updateAt(d, now)
		ds = append(ds, float64(d))
	}
	s := tm.snapshot(now)
	sort.Float64s(ds)
	sum := 0.0
	for _, d := range ds {
		sum += d
	}
	if s.Count() != 1000 || float64(s.Sum()) != sum {
		t.Errorf("count %d sum %d, want 1000 and %.0f", s.Count(), s.Sum(), sum)
	}
	if s.Min() != int64(ds[0]) || s.Max() != int64(ds[999]) || s.Mean() != sum/1000 {
		t.Errorf("min %d max %d mean %.0f, want %.0f %.0f %.0f", s.Min(), s.Max(), s.Mean(), ds[0], ds[999], sum/1000)
	}
	for _, p := range []float64{0.5, 0.75, 0.95, 0.99, 0.999} {
		exact := ds[int(math.Ceil(p*1000))-1]
		if got := s.Percentile(p); math.Abs(got-exact)/exact > 0.125 {
			t.Errorf("percentile %v: got %.0f, want within 12.5%% of %.0f", p, got, exact)
		}
	}
	mean, v := sum/1000, 0.0
	for _, d := range ds {
		v += (d - mean) * (d - mean)
	}
	if exact := math.Sqrt(v / 1000); math.Abs(s.StdDev()-exact)/exact > 0.1 {
		t.Errorf("stddev: got %.0f, want within 10%% of %.0f", s.StdDev(), exact)
	}
	if want := 1000 / 30.0; math.Abs(s.Rate1()-want) > 1e-9 || math.Abs(s.RateMean()-want) > 1e-9 {
		t.Errorf("rates: got %v and %v, want %v per second (the timer is 30s old)", s.Rate1(), s.RateMean(), want)
	}
}

// TestTimerWindows: the distribution covers the last minute and the rates
// their own spans; counts and sums cover everything.
func TestTimerWindows(t *testing.T) {
	t.Parallel()
	made := time.Unix(1_700_000_000, 0) // a multiple of 5 s: windows start here
	tm := newTimerAt(made)
	tm.updateAt(time.Second, made.Add(time.Second))                    // old: 10 minutes before the snapshot
	tm.updateAt(time.Millisecond, made.Add(9*time.Minute+time.Second)) // within the last 5 minutes
	at := made.Add(10*time.Minute + time.Second)
	tm.updateAt(2*time.Millisecond, at.Add(-time.Second))
	s := tm.snapshot(at)
	if s.Count() != 3 || s.Sum() != int64(time.Second+3*time.Millisecond) {
		t.Errorf("count %d sum %d, want every update", s.Count(), s.Sum())
	}
	if s.Max() != int64(2*time.Millisecond) || s.Min() != int64(2*time.Millisecond) {
		t.Errorf("min %d max %d, want only the update of the last minute", s.Min(), s.Max())
	}
	span1 := 11*5*time.Second + time.Second // 11 whole windows and 1s of the current one
	span5 := 59*5*time.Second + time.Second
	if got, want := s.Rate1(), 1/span1.Seconds(); math.Abs(got-want) > 1e-12 {
		t.Errorf("Rate1: got %v, want %v", got, want)
	}
	if got, want := s.Rate5(), 2/span5.Seconds(); math.Abs(got-want) > 1e-12 {
		t.Errorf("Rate5: got %v, want %v", got, want)
	}
	if got, want := s.Rate15(), 3/(10*time.Minute+time.Second).Seconds(); math.Abs(got-want) > 1e-12 {
		t.Errorf("Rate15: got %v, want %v (the timer's age caps the span)", got, want)
	}
	empty := newTimerAt(made).snapshot(made)
	if empty.Count() != 0 || empty.Percentile(0.5) != 0 || empty.Mean() != 0 || empty.StdDev() != 0 || empty.RateMean() != 0 {
		t.Errorf("an empty timer: got %+v, want zeros", empty)
	}
}

// TestTimerConcurrent: updates from many goroutines are all counted, and a
// window cleared for a new epoch under them keeps its numbers consistent.
func TestTimerConcurrent(t *testing.T) {
	t.Parallel()
	tm := newTimerAt(time.Now())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				tm.updateAt(time.Millisecond, time.Now().Add(time.Duration(g*i%7)*time.Second))
			}
		}()
	}
	for range 50 {
		_ = tm.Snapshot().Percentiles([]float64{0.5, 0.99})
	}
	wg.Wait()
	if tm.Count() != 16000 || tm.Sum() != int64(16000*time.Millisecond) {
		t.Errorf("count %d sum %d, want 16000 and 16000ms", tm.Count(), tm.Sum())
	}
	if p := tm.Percentile(0.5); p != float64(time.Millisecond) {
		t.Errorf("median: got %v, want 1ms (clamped to min and max)", p)
	}
}

// TestTimerIsAGoMetricsTimer: it registers and reads as any go-metrics
// Timer, and its snapshot refuses updates.
func TestTimerIsAGoMetricsTimer(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	tm := reg.GetOrRegister("t", newTimer).(metrics.Timer)
	tm.Update(3 * time.Millisecond)
	tm.UpdateSince(time.Now().Add(-time.Millisecond))
	tm.Time(func() {})
	if tm.Count() != 3 {
		t.Errorf("count: got %d, want 3", tm.Count())
	}
	tm.Stop()
	s := tm.Snapshot()
	for name, f := range map[string]func(){
		"Update":      func() { s.Update(time.Second) },
		"UpdateSince": func() { s.UpdateSince(time.Now()) },
		"Time":        func() { s.Time(func() {}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s on a snapshot: got no panic", name)
				}
			}()
			f()
		}()
	}
	if s.Snapshot() != s || s.Count() != 3 || s.Max() < int64(3*time.Millisecond) {
		t.Errorf("snapshot: got count %d max %d", s.Count(), s.Max())
	}
}

// BenchmarkTimer compares tonic's timer with go-metrics' default one, as
// Timed uses them.
func BenchmarkTimer(b *testing.B) {
	for _, bc := range []struct {
		name string
		t    metrics.Timer
	}{{"tonic", newTimer()}, {"go-metrics", metrics.NewTimer()}} {
		b.Run(bc.name, func(b *testing.B) {
			start := time.Now()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					bc.t.UpdateSince(start)
				}
			})
		})
	}
}
