//go:build unix

package server

import (
	"os"
	"syscall"
)

// osSignals returns the signals Run asks the OS for.
func osSignals() []os.Signal {
	return []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGUSR2}
}

// signalAction returns what Run does on sig.
func signalAction(sig os.Signal) action {
	switch sig {
	case syscall.SIGTERM, syscall.SIGINT:
		return actStop
	case syscall.SIGHUP:
		return actReload
	case syscall.SIGUSR1:
		return actStacks
	case syscall.SIGUSR2:
		return actUpgrade
	}
	return actIgnore
}
