//go:build linux

package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// waitLimit bounds every wait of the end-to-end tests: generous, since a
// loaded machine may be slow, and only reached when something is wrong.
const waitLimit = 60 * time.Second

// pollEvery is how often a wait checks its condition.
const pollEvery = 20 * time.Millisecond

// waitFor waits until cond holds, failing the test after waitLimit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(pollEvery)
	}
}

// subreaper makes this test process the reaper of orphaned descendants, so
// that the process a SIGUSR2 starts becomes its child once the process that
// started it exits, and its exit status can be waited for.
var subreaper sync.Once

const prSetChildSubreaper = 36 // PR_SET_CHILD_SUBREAPER of prctl(2)

// process is exampled running on its own, with the processes that replace
// it on SIGUSR2: they share its stdout (read into out) and its stderr (the
// file logPath), and its process group, which the test kills at the end.
type process struct {
	t       *testing.T
	cmd     *exec.Cmd
	logPath string
	out     *outputLines
	exited  chan struct{} // closed once the first process has exited
	waitErr error         // cmd.Wait's, once exited is closed
}

// outputLines collects the stdout lines of the processes.
type outputLines struct {
	mu    sync.Mutex
	lines []string
	eof   chan struct{} // closed when every process has closed stdout
}

func (o *outputLines) snapshot() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.lines...)
}

// startProcess starts exampled with args and, beyond the test's own
// environment without EXAMPLED_* variables, env. It does not wait for it to
// serve (see waitStartup).
func startProcess(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	return startCommand(t, env, exec.Command(binary(t), args...))
}

// startProcessWithFileLimit is startProcess with the limit on open files
// (soft and hard RLIMIT_NOFILE) set to files, through the shell's ulimit.
func startProcessWithFileLimit(t *testing.T, files int, env []string, args ...string) *process {
	t.Helper()
	script := "ulimit -n " + strconv.Itoa(files) + ` && exec "$0" "$@"`
	return startCommand(t, env, exec.Command("/bin/sh", append([]string{"-c", script, binary(t)}, args...)...))
}

// startCommand starts cmd, which runs exampled, as startProcess says.
func startCommand(t *testing.T, env []string, cmd *exec.Cmd) *process {
	t.Helper()
	subreaper.Do(func() {
		if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); e != 0 {
			t.Logf("prctl(PR_SET_CHILD_SUBREAPER): %v", e)
		}
	})
	p := &process{t: t, logPath: filepath.Join(t.TempDir(), "stderr.log"), exited: make(chan struct{}),
		out: &outputLines{eof: make(chan struct{})}}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	logFile, err := os.Create(p.logPath)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = cmd
	p.cmd.Stdout, p.cmd.Stderr = w, logFile // files: the new processes inherit them
	p.cmd.Env = append(testEnv(), env...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = p.cmd.Start()
	w.Close()
	logFile.Close()
	if err != nil {
		r.Close()
		t.Fatal(err)
	}
	go p.readOutput(r)
	go func() { p.waitErr = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(p.cleanup)
	return p
}

// testEnv is the test's environment without EXAMPLED_* variables.
func testEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix) {
			env = append(env, kv)
		}
	}
	return env
}

// readOutput collects the lines of r until every process has closed it.
func (p *process) readOutput(r *os.File) {
	defer close(p.out.eof)
	defer r.Close()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		p.out.mu.Lock()
		p.out.lines = append(p.out.lines, sc.Text())
		p.out.mu.Unlock()
	}
}

// cleanup kills whatever is left of the process group, waits for the
// output to end, and shows the output and log of a failed test.
func (p *process) cleanup() {
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-p.out.eof:
	case <-time.After(waitLimit):
		p.t.Errorf("the processes did not close stdout after SIGKILL")
	}
	<-p.exited
	if p.t.Failed() {
		log, _ := os.ReadFile(p.logPath)
		p.t.Logf("stdout:\n%s\nstderr:\n%s", strings.Join(p.out.snapshot(), "\n"), tail(string(log), 60))
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// startup is what the startup text of one process said: its listeners by
// name ("api", "api-tls", "admin") and its "auth" and "tls-pin" values.
type startupText map[string]string

// startupOf returns what the process pid printed, or nil if it has not
// printed its startup text yet.
func (p *process) startupOf(pid int) startupText {
	var cur startupText
	var found startupText
	for _, line := range p.out.snapshot() {
		f := strings.Fields(line)
		switch {
		case len(f) >= 4 && f[0] == "exampled" && f[2] == "pid":
			cur = nil
			if n, _ := strconv.Atoi(strings.TrimSuffix(f[3], ",")); n == pid {
				cur = startupText{}
				found = cur
			}
		case cur != nil && len(f) == 3 && f[0] == "listening":
			cur[f[1]] = f[2]
		case cur != nil && len(f) >= 2 && (f[0] == "auth" || f[0] == "tls-pin"):
			cur[f[0]] = f[1]
		case cur != nil && line == "try:":
			cur["done"] = "yes"
		}
	}
	if found["done"] == "" {
		return nil
	}
	return found
}

// waitStartup waits for the startup text of the process pid.
func (p *process) waitStartup(pid int) startupText {
	p.t.Helper()
	var s startupText
	waitFor(p.t, "the startup text of process "+strconv.Itoa(pid), func() bool {
		s = p.startupOf(pid)
		if s == nil {
			select {
			case <-p.exited:
				if pid == p.cmd.Process.Pid {
					p.t.Fatalf("exampled exited before serving: %v", p.waitErr)
				}
			default:
			}
		}
		return s != nil
	})
	return s
}

// pid is the first process's.
func (p *process) pid() int { return p.cmd.Process.Pid }

// signal sends sig to the process pid.
func (p *process) signal(pid int, sig syscall.Signal) {
	p.t.Helper()
	if err := syscall.Kill(pid, sig); err != nil {
		p.t.Fatalf("kill -%v %d: %v", sig, pid, err)
	}
}

// waitExit waits for the first process to exit and returns its exit code.
func (p *process) waitExit() int {
	p.t.Helper()
	select {
	case <-p.exited:
	case <-time.After(waitLimit):
		p.t.Fatalf("timed out waiting for process %d to exit", p.pid())
	}
	var ee *exec.ExitError
	if errors.As(p.waitErr, &ee) {
		return ee.ExitCode()
	}
	if p.waitErr != nil {
		p.t.Fatal(p.waitErr)
	}
	return 0
}

// waitOrphanExit waits for the process pid, which a SIGUSR2 started and
// which became this test's child when the process that started it exited,
// and returns its exit code.
func (p *process) waitOrphanExit(pid int) int {
	p.t.Helper()
	type status struct {
		ws  syscall.WaitStatus
		err error
	}
	done := make(chan status, 1)
	go func() {
		var s status
		for {
			_, s.err = syscall.Wait4(pid, &s.ws, 0, nil)
			if !errors.Is(s.err, syscall.EINTR) {
				break
			}
		}
		done <- s
	}()
	select {
	case s := <-done:
		if s.err != nil {
			p.t.Fatalf("waiting for process %d: %v", pid, s.err)
		}
		if !s.ws.Exited() {
			p.t.Fatalf("process %d: got %v, want an exit", pid, s.ws)
		}
		return s.ws.ExitStatus()
	case <-time.After(waitLimit):
		syscall.Kill(pid, syscall.SIGKILL) // ends the Wait4 above
		<-done
		p.t.Fatalf("timed out waiting for process %d to exit", pid)
		return -1
	}
}

// log returns the log of every process so far.
func (p *process) log() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

// runBinary runs exampled to completion with args and env, and returns its
// stdout, stderr and exit code.
func runBinary(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(testEnv(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(waitLimit):
		cmd.Process.Kill()
		<-done
		t.Fatalf("exampled %q did not exit; stdout:\n%s\nstderr:\n%s", args, out.String(), errOut.String())
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), errOut.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), 0
}
