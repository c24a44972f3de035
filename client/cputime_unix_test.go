//go:build unix

package client_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time the process has used, all threads included.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the process CPU time per operation since start as
// cpu-ns/op. Unlike ns/op it does not grow when other processes take the
// machine's cores, so ratios between calls stay meaningful on a shared
// machine.
func reportCPU(b *testing.B, start time.Duration) {
	b.Helper()
	if used := cpuTime() - start; used > 0 && b.N > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
