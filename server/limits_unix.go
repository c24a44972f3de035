//go:build unix

package server

import "syscall"

// fileLimit returns the process's limit on open files (the soft
// RLIMIT_NOFILE, which Go raises to the hard limit at start-up), or 0 when
// it cannot be read or is unlimited.
func fileLimit() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0
	}
	cur := uint64(rl.Cur) // int64 on some systems
	if cur > 1<<31 {      // unlimited, or as good as
		return 0
	}
	return int(cur)
}
