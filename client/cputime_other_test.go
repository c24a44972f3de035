//go:build !unix

package client_test

import (
	"testing"
	"time"
)

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }

// reportCPU reports nothing on this platform.
func reportCPU(*testing.B, time.Duration) {}
