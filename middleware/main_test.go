package middleware

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them. The
// one exception is go-metrics' meter arbiter: go-metrics starts that single
// process-wide ticker goroutine the first time any meter (timers hold one)
// is made, and never stops it.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/rcrowley/go-metrics.(*meterArbiter).tick"))
}
