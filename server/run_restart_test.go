package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/tonic"
)

// The environment of the helper process of TestRestart.
const (
	restartHelperEnv = "TONIC_RESTART_HELPER"    // set: TestRestartHelper serves
	restartFailEnv   = "TONIC_RESTART_FAIL_FILE" // while this file exists, a new process fails at once
	restartPIDEnv    = "TONIC_RESTART_PID_FILE"  // Run's PIDFile
)

// requestTime is how long a request to the helper process takes.
const requestTime = 10 * time.Millisecond

// TestRestartHelper is not a test on its own: TestRestart runs the test
// binary with it to get a process that serves its PID with Run, as a
// service's main does. tableflip starts the new process of an upgrade with
// the same arguments and environment, so it runs this function again.
func TestRestartHelper(t *testing.T) {
	if os.Getenv(restartHelperEnv) == "" {
		t.Skip("the helper process of TestRestart")
	}
	if _, err := os.Stat(os.Getenv(restartFailEnv)); err == nil {
		os.Exit(3) // a new binary that fails to start
	}
	log := zerolog.New(os.Stdout).With().Int("proc", os.Getpid()).Logger()
	s, err := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Take a while, so that requests are in flight when the process
		// hands over: a drain that cut them would fail them.
		select {
		case <-time.After(requestTime):
		case <-r.Context().Done():
			tonic.WriteError(w, r, 0, context.Cause(r.Context()))
			return
		}
		fmt.Fprint(w, os.Getpid())
	}), log, Options{Name: "api"})
	if err != nil {
		t.Fatal(err)
	}
	opts := RunOptions{Logger: log, PIDFile: os.Getenv(restartPIDEnv), UpgradeTimeout: waitLimit}
	if err := Run(context.Background(), opts, Bind(s, Endpoint{Addr: "127.0.0.1:0"})); err != nil {
		t.Fatal(err)
	}
	// Exit 0 here, as a service does when main returns: the end of the test
	// binary (a TestMain's leak check included) is not what is tested, and
	// after an upgrade tableflip still watches the new process. The testing
	// package turns os.Exit(0) in a test into a failure; syscall.Exit is the
	// exit itself (TestRestart reads the race detector's reports instead of
	// its exit status).
	syscall.Exit(0)
}

// TestRestart upgrades a real process with SIGUSR2 under steady load: a
// new process that fails to start leaves the old one serving; one that
// starts takes over the listener, the old one drains and exits 0, and not
// one request fails.
func TestRestart(t *testing.T) {
	leakCheck(t)
	dir := t.TempDir()
	pidFile, failFile := filepath.Join(dir, "api.pid"), filepath.Join(dir, "fail")
	logs, old := startHelper(t, pidFile, failFile)
	ready := logs.waitLogWhere(t, "listening", nil)
	addr := ready["addr"].(string)
	oldPID := int(ready["proc"].(float64))
	logs.waitLogWhere(t, "ready", pidIs(oldPID))
	if got := readPID(t, pidFile); got != oldPID {
		t.Errorf("PID file: got %d, want %d", got, oldPID)
	}

	load := startLoad(t, "http://"+addr)
	load.waitFor(t, oldPID, 20)

	// A new binary that fails to start: the old one keeps serving.
	if err := os.WriteFile(failFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old.Process.Signal(syscall.SIGUSR2)
	logs.waitLogWhere(t, "upgrade failed: still serving", pidIs(oldPID))
	load.waitFor(t, oldPID, load.count(oldPID)+20)
	if err := os.Remove(failFile); err != nil {
		t.Fatal(err)
	}

	// A good one takes over.
	old.Process.Signal(syscall.SIGUSR2)
	newPID := load.waitForOther(t, oldPID)
	exited := make(chan error, 1)
	go func() { exited <- old.Wait() }()
	if err := recv(t, "the old process to exit", exited); err != nil {
		t.Errorf("old process: got %v, want exit status 0", err)
	}
	load.waitFor(t, newPID, load.count(newPID)+20)
	failures := load.stop()
	t.Logf("responses: %d from the old process %d, %d from the new process %d", load.count(oldPID), oldPID, load.count(newPID), newPID)
	if len(failures) != 0 {
		t.Errorf("got %d failed requests, want 0: %v", len(failures), failures)
	}
	if got := readPID(t, pidFile); got != newPID {
		t.Errorf("PID file after the upgrade: got %d, want %d", got, newPID)
	}
	logs.waitLogWhere(t, "drained", pidIs(oldPID))

	syscall.Kill(newPID, syscall.SIGTERM)
	logs.waitLogWhere(t, "drained", pidIs(newPID))
	logs.waitEOF(t)
	// syscall.Exit skips the race detector's exit status: read its reports.
	if out := logs.buf.String(); strings.Contains(out, "DATA RACE") {
		t.Errorf("a helper process reported a data race:\n%s", out)
	}
	if testing.Verbose() {
		t.Logf("helper output:\n%s", logs.buf.String())
	}
}

// helperLogs is the output of the helper processes, which share one pipe.
type helperLogs struct {
	logBuffer
	eof chan struct{} // closed when every process holding the pipe exited
}

// startHelper starts the helper process, and makes sure that it and any
// process it started are gone when the test ends.
func startHelper(t *testing.T, pidFile, failFile string) (*helperLogs, *exec.Cmd) {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRestartHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), restartHelperEnv+"=1", restartFailEnv+"="+failFile, restartPIDEnv+"="+pidFile)
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	logs := &helperLogs{eof: make(chan struct{})}
	go func() {
		io.Copy(&logs.logBuffer, pr)
		pr.Close()
		close(logs.eof)
	}()
	t.Cleanup(func() {
		select {
		case <-logs.eof:
			return
		default:
		}
		for _, e := range logs.entries() { // kill whatever still runs
			if pid, ok := e["proc"].(float64); ok {
				syscall.Kill(int(pid), syscall.SIGKILL)
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		<-logs.eof
		t.Logf("helper output:\n%s", logs.buf.String())
	})
	return logs, cmd
}

func pidIs(pid int) func(map[string]any) bool {
	return func(e map[string]any) bool { return e["proc"] == float64(pid) }
}

// waitLogWhere waits for a line whose message is msg and that satisfies ok
// (if not nil), and returns it.
func (l *helperLogs) waitLogWhere(t *testing.T, msg string, ok func(map[string]any) bool) map[string]any {
	t.Helper()
	var found map[string]any
	waitFor(t, "log line "+msg, func() bool {
		for _, e := range l.entries() {
			if e["message"] == msg && (ok == nil || ok(e)) {
				found = e
				return true
			}
		}
		return false
	})
	return found
}

// waitEOF waits for every helper process to exit.
func (l *helperLogs) waitEOF(t *testing.T) {
	t.Helper()
	select {
	case <-l.eof:
	case <-time.After(waitLimit):
		t.Fatal("timed out waiting for the helper processes to exit")
	}
}

func readPID(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// load is a steady stream of GETs from four clients, which count the
// responses per PID and keep the failures.
type load struct {
	mu       sync.Mutex
	pids     map[int]int
	failures []string
	done     chan struct{}
	wg       sync.WaitGroup
}

func startLoad(t *testing.T, url string) *load {
	l := &load{pids: make(map[int]int), done: make(chan struct{})}
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	c := &http.Client{Transport: tr, Timeout: waitLimit}
	for range 4 {
		l.wg.Add(1)
		go l.run(c, url)
	}
	t.Cleanup(func() {
		l.stop()
		tr.CloseIdleConnections()
	})
	return l
}

func (l *load) run(c *http.Client, url string) {
	defer l.wg.Done()
	for {
		select {
		case <-l.done:
			return
		default:
		}
		pid, err := getPID(c, url)
		l.mu.Lock()
		if err != nil {
			l.failures = append(l.failures, err.Error())
		} else {
			l.pids[pid]++
		}
		l.mu.Unlock()
	}
}

func getPID(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return strconv.Atoi(string(body))
}

func (l *load) count(pid int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pids[pid]
}

// waitFor waits until pid has served n requests.
func (l *load) waitFor(t *testing.T, pid, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d responses from process %d", n, pid), func() bool { return l.count(pid) >= n })
}

// waitForOther waits for a response from a process other than pid, and
// returns its PID.
func (l *load) waitForOther(t *testing.T, pid int) int {
	t.Helper()
	other := 0
	waitFor(t, "a response from a new process", func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		for p := range l.pids {
			if p != pid {
				other = p
			}
		}
		return other != 0
	})
	return other
}

// stop stops the load and returns the failures.
func (l *load) stop() []string {
	l.mu.Lock()
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	l.mu.Unlock()
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failures
}
