package server

import (
	"math"
	"testing"
	"time"
)

// TestBucketOf checks that every duration falls in a bucket whose bounds
// hold it, and whose upper bound is at most 12.5% above it.
func TestBucketOf(t *testing.T) {
	for _, tt := range []struct {
		name string
		d    time.Duration
	}{
		{"negative", -5},
		{"zero", 0},
		{"one ns", 1},
		{"last exact bucket", subBuckets - 1},
		{"first log bucket", subBuckets},
		{"just past a power of two", 1<<20 + 1},
		{"a power of two", 1 << 30},
		{"just below a power of two", 1<<30 - 1},
		{"1ms", time.Millisecond},
		{"1.5ms", 1500 * time.Microsecond},
		{"250ms", 250 * time.Millisecond},
		{"an hour", time.Hour},
		{"the longest duration", math.MaxInt64},
	} {
		t.Run(tt.name, func(t *testing.T) {
			i := bucketOf(tt.d)
			if i < 0 || i >= latencyBuckets {
				t.Fatalf("bucketOf(%d) = %d, want within [0, %d)", tt.d, i, latencyBuckets)
			}
			d := max(tt.d, 0)
			if up := bucketUpper(i); up < d {
				t.Errorf("bucketUpper(%d) = %d, below %d", i, up, d)
			}
			if i > 0 && bucketUpper(i-1) >= d {
				t.Errorf("bucketUpper(%d) = %d, want below %d (the bucket before)", i-1, bucketUpper(i-1), d)
			}
			if up := bucketUpper(i); d >= subBuckets && float64(up) > float64(d)*1.125 {
				t.Errorf("bucketUpper(%d) = %d, more than 12.5%% above %d", i, up, d)
			}
		})
	}
}

// TestBucketsAreContiguous checks that each bucket starts right after the
// one before it.
func TestBucketsAreContiguous(t *testing.T) {
	for i := 1; i < latencyBuckets; i++ {
		first := bucketUpper(i-1) + 1
		if got := bucketOf(first); got != i {
			t.Fatalf("bucketOf(%d) = %d, want %d (the bucket after %d)", first, got, i, i-1)
		}
	}
}

// TestPercentile checks the quantiles of the durations counted between two
// snapshots.
func TestPercentile(t *testing.T) {
	ms := time.Millisecond
	for _, tt := range []struct {
		name      string
		before    []time.Duration // counted before the first snapshot
		after     []time.Duration // counted between the two
		q         float64
		want      time.Duration // a duration in the bucket wanted; -1 for none
		wantCount uint64
	}{
		{"nothing", nil, nil, 0.5, -1, 0},
		{"nothing new", []time.Duration{ms}, nil, 0.5, -1, 0},
		{"one", nil, []time.Duration{ms}, 0.5, ms, 1},
		{"median of three", nil, []time.Duration{ms, 2 * ms, 40 * ms}, 0.5, 2 * ms, 3},
		{"p99 of a hundred with one slow", nil, append(repeat(ms, 99), time.Second), 0.99, ms, 100},
		{"p99 of a hundred with two slow", nil, append(repeat(ms, 98), time.Second, time.Second), 0.99, time.Second, 100},
		{"older durations do not count", repeat(time.Second, 50), []time.Duration{ms, ms, ms}, 0.99, ms, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var h latencyHistogram
			var prev, cur latencyCounts
			for _, d := range tt.before {
				h.observe(d)
			}
			h.load(&prev)
			for _, d := range tt.after {
				h.observe(d)
			}
			h.load(&cur)
			got, n := percentile(&cur, &prev, tt.q)
			if n != tt.wantCount {
				t.Errorf("count: got %d, want %d", n, tt.wantCount)
			}
			want := time.Duration(0)
			if tt.want >= 0 {
				want = bucketUpper(bucketOf(tt.want))
			}
			if got != want {
				t.Errorf("q%v: got %v, want %v", tt.q, got, want)
			}
		})
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// BenchmarkRequestAccounting measures what the request path pays for the
// dashboard's numbers: the latency histogram (one atomic add) and the
// per-route summary (a map read and three atomic adds), from every core at
// once, as a busy server pays it. Compare with BenchmarkServeHTTP.
func BenchmarkRequestAccounting(b *testing.B) {
	routes := []string{"GET /1.0/things/{id}", "POST /1.0/things", "GET /1.0/sleep/{ms}", ""}
	for _, bc := range []struct {
		name string
		do   func(st *stats, rt *routeTable, route string, d time.Duration)
	}{
		{"counters only", func(st *stats, _ *routeTable, _ string, _ time.Duration) { st.requests.Add(1) }},
		{"served+histogram", func(st *stats, _ *routeTable, _ string, d time.Duration) { st.served(200, false, d) }},
		{"served+histogram+route", func(st *stats, rt *routeTable, route string, d time.Duration) {
			st.served(200, false, d)
			rt.observe(route, 200, d)
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var st stats
			var rt routeTable
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					i++
					bc.do(&st, &rt, routes[i%len(routes)], time.Duration(i%5000)*time.Microsecond)
				}
			})
		})
	}
}
