package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The version and build time stamped into the binary the end-to-end tests
// build.
const (
	e2eVersion   = "e2e-test"
	e2eBuildTime = "2026-01-02T03:04:05Z"
)

// built is the exampled binary the end-to-end tests share, built once.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// binary returns the path of exampled built with the test stamps (and the
// race detector when the tests have it), building it on first use.
func binary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "exampled-e2e-")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "exampled")
		args := []string{"build", "-ldflags", "-X main.version=" + e2eVersion + " -X main.buildTime=" + e2eBuildTime, "-o", built.path}
		if raceEnabled {
			args = append(args, "-race")
		}
		built.out, built.err = exec.Command("go", append(args, ".")...).CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.path
}

// removeBinary removes what binary built.
func removeBinary() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}
