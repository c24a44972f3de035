package admin

import (
	"testing"

	"go.uber.org/goleak"
)

// go-metrics ticks every meter and timer from one goroutine that it starts
// with the first of them and never stops.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/rcrowley/go-metrics.(*meterArbiter).tick"))
}
