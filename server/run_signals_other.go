//go:build !unix

package server

import (
	"os"
	"syscall"
)

// osSignals returns the signals Run asks the OS for: without SIGHUP, SIGUSR1
// and SIGUSR2, Run only drains.
func osSignals() []os.Signal {
	return []os.Signal{os.Interrupt, syscall.SIGTERM}
}

// signalAction returns what Run does on sig.
func signalAction(sig os.Signal) action {
	if sig == os.Interrupt || sig == syscall.SIGTERM {
		return actStop
	}
	return actIgnore
}
