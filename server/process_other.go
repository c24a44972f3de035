//go:build !linux

package server

// readRSS returns 0: the resident set size is read on Linux only.
func readRSS() uint64 { return 0 }
