package middleware

import (
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	metrics "github.com/rcrowley/go-metrics"
)

// TestLazyMapConcurrent fills a lazyMap from many goroutines: every key is
// created once, and -race sees no unsynchronised access.
func TestLazyMapConcurrent(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	created := map[int]int{}
	m := &lazyMap[int, string]{create: func(k int) string {
		mu.Lock()
		defer mu.Unlock()
		created[k]++
		return strconv.Itoa(k)
	}}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if got := m.get(i % 20); got != strconv.Itoa(i%20) {
					t.Errorf("get(%d) got %q", i%20, got)
				}
			}
		}()
	}
	wg.Wait()
	for k := 0; k < 20; k++ {
		if created[k] != 1 {
			t.Errorf("key %d created %d times, want 1", k, created[k])
		}
	}
}

func TestRouteMetricLookupDoesNotAllocate(t *testing.T) {
	rm := newRouteMetric("Counted", metrics.NewRegistry(), "", counterSuffix, metrics.NewCounter)
	r := httptest.NewRequest("GET", "/a/1", nil)
	r.Pattern = "GET /a/{id}"
	rm.of(r) // registers
	if n := testing.AllocsPerRun(100, func() { rm.of(r).Inc(1) }); n != 0 {
		t.Errorf("got %v allocs per lookup, want 0", n)
	}
}
