package browser

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// waitLimit bounds every wait for an event: generous, since a loaded
// machine may be slow, and only reached when something is wrong.
const waitLimit = 60 * time.Second

// exampledVersion is the version stamped into the exampled the tests build.
const exampledVersion = "v0.0.0-browsertest"

// exampled is a running exampled process: its API and admin base URLs.
type exampled struct {
	api, admin string
}

// startExampled builds cmd/exampled with the root module and runs it on free ports of
// 127.0.0.1 until t ends.
func startExampled(t *testing.T) exampled {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "exampled")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+exampledVersion, "-o", bin, "./cmd/exampled")
	build.Dir = ".." // the root module, with its own go.mod
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building exampled: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-auth", "tester:browsertest-password")
	cmd.Env = withoutPrefix(os.Environ(), "EXAMPLED_")
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan map[string]string, 1)
	go readListeners(stdout, urls)
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(waitLimit):
			cmd.Process.Kill()
			<-done
			t.Errorf("exampled did not stop on SIGTERM")
		}
	})
	select {
	case u := <-urls:
		if u["api"] == "" || u["admin"] == "" {
			t.Fatalf("exampled's startup text names no api and admin listeners: %v", u)
		}
		return exampled{api: u["api"], admin: u["admin"]}
	case <-time.After(waitLimit):
		t.Fatal("timed out waiting for exampled's startup text")
		panic("unreachable")
	}
}

// readListeners reads exampled's startup text ("listening NAME URL" lines
// up to "try:") and sends the URLs by name, then drains r.
func readListeners(r io.Reader, urls chan<- map[string]string) {
	sc := bufio.NewScanner(r)
	found := map[string]string{}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 3 && f[0] == "listening":
			found[f[1]] = f[2]
		case sc.Text() == "try:" && found != nil:
			urls <- found
			found = nil
		}
	}
	if found != nil {
		urls <- found
	}
}

func withoutPrefix(env []string, prefix string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, prefix) {
			out = append(out, kv)
		}
	}
	return out
}

// load sends GETs of paths to base, round robin, from two clients until
// stop is called or max requests have been sent: bounded in count and
// time, to 127.0.0.1 only.
func load(t *testing.T, base string, max int, paths ...string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: waitLimit}
	var mu sync.Mutex
	sent := 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				mu.Lock()
				sent++
				over := sent > max
				mu.Unlock()
				if over {
					return
				}
				req, _ := http.NewRequestWithContext(ctx, "GET", base+paths[i%len(paths)], nil)
				if resp, err := client.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			wg.Wait()
			client.CloseIdleConnections()
		})
	}
	t.Cleanup(stop)
	return stop
}
