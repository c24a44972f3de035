package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is the unit of the CPU times in /proc/PID/stat: USER_HZ,
// which is 100 on Linux.
const clockTicks = 100

// process is a server the benchmark started.
type process struct {
	cmd  *exec.Cmd
	url  string
	tree bool // count the CPU time of its children too (nginx's workers)
}

// stop ends the process with SIGTERM and waits for it.
func (p *process) stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	_ = p.cmd.Wait()
}

// cpu returns the CPU time, user and system, that the process (and its
// children, for a tree) has used so far.
func (p *process) cpu() (time.Duration, error) {
	pids := []int{p.cmd.Process.Pid}
	if p.tree {
		kids, err := children(p.cmd.Process.Pid)
		if err != nil {
			return 0, err
		}
		pids = append(pids, kids...)
	}
	var total time.Duration
	for _, pid := range pids {
		d, err := procCPU(pid)
		if err != nil {
			return 0, err
		}
		total += d
	}
	return total, nil
}

// statFields returns the fields of /proc/PID/stat after the command name.
func statFields(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	return strings.Fields(s[i+1:]), nil
}

// procCPU returns utime+stime of pid.
func procCPU(pid int) (time.Duration, error) {
	f, err := statFields(pid)
	if err != nil || len(f) < 13 {
		return 0, fmt.Errorf("reading the CPU time of %d: %v", pid, err)
	}
	// After the name: state(0) ppid(1) ... utime(11) stime(12).
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad utime or stime", pid)
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// children returns the PIDs whose parent is pid.
func children(pid int) ([]int, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var kids []int
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		f, err := statFields(n)
		if err != nil || len(f) < 2 {
			continue // gone
		}
		if f[1] == strconv.Itoa(pid) {
			kids = append(kids, n)
		}
	}
	return kids, nil
}

// startProxyd starts proxyd in mode and returns it once it serves.
func startProxyd(bin, dir, mode, backend string) (*process, error) {
	args := []string{"-mode", mode}
	if backend != "" {
		args = append(args, "-backend", backend)
	}
	log, err := os.Create(filepath.Join(dir, "proxyd-"+mode+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd}
	addr, err := readListening(stdout)
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("proxyd -mode %s: %w", mode, err)
	}
	p.url = "http://" + addr
	return p, nil
}

// readListening returns the address of the "listening ADDR" line.
func readListening(r io.Reader) (string, error) {
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				lines <- rest
			}
		}
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case a := <-lines:
		return strings.TrimSpace(a), nil
	case <-time.After(30 * time.Second):
		return "", fmt.Errorf("no \"listening\" line in 30s")
	}
}

// backendConns asks the backend how many connections it has accepted.
func backendConns(base string) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_conns", nil)
	req.Close = true // a connection of its own, which it then counts
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
}

// freePort returns a loopback address that was free a moment ago.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
