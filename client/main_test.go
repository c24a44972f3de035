package client_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain runs the tests, checking that no goroutine outlives them, or,
// started by the benchmarks with benchServerEnv set, serves their requests
// from a process of its own, so that the benchmarks measure the client's
// CPU alone.
func TestMain(m *testing.M) {
	if os.Getenv(benchServerEnv) != "" {
		os.Exit(serveBenchmarks())
	}
	goleak.VerifyTestMain(m)
}
