package server

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// subBucketBits is the number of bits of a duration, after its leading one,
// that pick its bucket: 2^3 = 8 buckets per power of two, so a bucket's
// upper bound is at most 12.5% above any duration it holds.
const subBucketBits = 3

// subBuckets is the number of buckets per power of two.
const subBuckets = 1 << subBucketBits

// latencyBuckets is the number of buckets of a latencyHistogram: enough for
// every positive int64 number of nanoseconds.
const latencyBuckets = (64 - subBucketBits) * subBuckets

// latencyHistogram counts durations in log-linear buckets, without a lock:
// observe is one atomic add. Counts only grow; the sampler takes the
// difference of two snapshots to get the percentiles of one second.
type latencyHistogram struct {
	counts [latencyBuckets]atomic.Uint64
}

// latencyCounts is a snapshot of the counts of a latencyHistogram.
type latencyCounts [latencyBuckets]uint64

// observe counts d; a negative d counts as 0.
func (h *latencyHistogram) observe(d time.Duration) {
	h.counts[bucketOf(d)].Add(1)
}

// load copies the counts into c.
func (h *latencyHistogram) load(c *latencyCounts) {
	for i := range h.counts {
		c[i] = h.counts[i].Load()
	}
}

// bucketOf returns the bucket of d. Durations below subBuckets nanoseconds
// have a bucket each; above, a duration whose leading one is bit e falls in
// bucket (e-subBucketBits+1)*subBuckets plus its next subBucketBits bits.
func bucketOf(d time.Duration) int {
	if d < subBuckets {
		return int(max(d, 0))
	}
	v := uint64(d)
	e := bits.Len64(v) - 1
	m := int(v>>(e-subBucketBits)) & (subBuckets - 1)
	return (e-subBucketBits+1)*subBuckets + m
}

// bucketUpper returns the largest duration that falls in bucket i.
func bucketUpper(i int) time.Duration {
	if i < subBuckets {
		return time.Duration(i)
	}
	e := i/subBuckets + subBucketBits - 1
	m := uint64(i % subBuckets)
	lower := uint64(1)<<e | m<<(e-subBucketBits)
	return time.Duration(lower + uint64(1)<<(e-subBucketBits) - 1)
}

// percentile returns the upper bound of the bucket that holds quantile q
// (0 < q <= 1) of the durations counted in cur but not in prev, and the
// number of those durations; 0, 0 when there are none.
func percentile(cur, prev *latencyCounts, q float64) (time.Duration, uint64) {
	var total uint64
	for i := range cur {
		total += cur[i] - prev[i]
	}
	if total == 0 {
		return 0, 0
	}
	rank := uint64(q*float64(total) + 0.5)
	rank = min(max(rank, 1), total)
	var seen uint64
	for i := range cur {
		seen += cur[i] - prev[i]
		if seen >= rank {
			return bucketUpper(i), total
		}
	}
	return bucketUpper(latencyBuckets - 1), total
}
