package middleware

import (
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/tonic"
)

// TestLoadOrCreateConcurrent fills a map from many goroutines: every
// goroutine gets the one value stored for a key, whoever created it, and
// -race sees no unsynchronised access.
func TestLoadOrCreateConcurrent(t *testing.T) {
	t.Parallel()
	var m sync.Map
	create := func(k int) *string { s := strconv.Itoa(k); return &s }
	var wg sync.WaitGroup
	got := make([][]*string, 8)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				got[g] = append(got[g], loadOrCreate(&m, i%20, create))
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i, p := range got[g] {
			if want, _ := m.Load(i % 20); p != want.(*string) || *p != strconv.Itoa(i%20) {
				t.Fatalf("goroutine %d, lookup %d: got %q at %p, want the stored value", g, i, *p, p)
			}
		}
	}
}

func TestRouteMetricLookupDoesNotAllocate(t *testing.T) {
	rm := newRouteMetric("Counted", metrics.NewRegistry(), "", counterSuffix, metrics.NewCounter)
	r, rec := tonic.WithRecord(httptest.NewRequest("GET", "/a/1", nil), nil)
	rec.SetRoute("GET /a/{id}")
	rm.of(r, false) // registers
	if n := testing.AllocsPerRun(100, func() { rm.of(r, false).Inc(1) }); n != 0 {
		t.Errorf("got %v allocs per lookup, want 0", n)
	}
}
