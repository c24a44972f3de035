//go:build unix

package middleware

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used (user and system,
// every thread, the garbage collector's included). Unlike wall time it does
// not grow while the benchmark waits for a CPU on a loaded machine.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
