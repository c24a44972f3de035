// Command load compares exampled's full stack (the server's request
// tracking, request IDs, JSON access logs written to a file, per-route
// metrics, recovery, marshal) with a bare net/http handler doing the same
// JSON work, on 127.0.0.1. `make load` runs it.
//
// Both servers run as processes of their own and are seeded with one item.
// A lean closed-loop client (client.go: raw keep-alive connections, a
// response parsed only as far as its status and length) GETs the item over
// a fixed number of connections, on each server in turn, round after round,
// alternating the order. Besides throughput and latency at the client, it
// reads each server's own CPU time (/proc/PID/stat) and its allocation
// count (the Go runtime's, from /metrics or the bare server's
// /debug/mallocs) around every run, so the table shows what a request costs
// the server, which a heavy load generator on two cores would hide. It
// prints the medians over the rounds as a Markdown table for BENCHMARKS.md.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// config holds the flags.
type config struct {
	exampled string
	duration time.Duration
	rounds   int
	workers  int
	timeouts bool
	baseline string // another exampled binary, measured beside the first
}

func main() {
	var c config
	flag.StringVar(&c.exampled, "exampled", "../bin/exampled", "the exampled binary (make build)")
	flag.DurationVar(&c.duration, "duration", 8*time.Second, "length of each run")
	flag.IntVar(&c.rounds, "rounds", 5, "runs on each server, alternating")
	flag.IntVar(&c.workers, "workers", 32, "connections of the closed-loop client")
	flag.BoolVar(&c.timeouts, "timeouts", false, "also run the bare server with tonic's default timeouts, to show their share")
	flag.StringVar(&c.baseline, "baseline", "", "another exampled `binary` (an older build, say) to measure in the same rounds")
	flag.Parse()
	if err := runAll(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// target is one server under test.
type target struct {
	name    string
	addr    string // host:port of the API
	path    string // of the item the client GETs
	proc    *os.Process
	mallocs func() (uint64, error) // the server's allocations so far
	runs    []run

	timeouts bool // the bare server with tonic's timeouts (-timeouts)
}

// run is one closed-loop run on a target, with the server's costs.
type run struct {
	result
	cpu     time.Duration // server CPU time during the run
	mallocs uint64        // server allocations during the run
}

// runAll starts both servers, measures them and prints the table.
func runAll(c config, out io.Writer) error {
	dir, err := os.MkdirTemp("", "tonic-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bareBin := filepath.Join(dir, "bare")
	if out, err := exec.Command("go", "build", "-o", bareBin, "./load/bare").CombinedOutput(); err != nil {
		return fmt.Errorf("building the bare server: %v\n%s", err, out)
	}
	logFile := filepath.Join(dir, "exampled.log")
	const user, password = "load", "load-secret"
	full, err := start(c.exampled, logFile, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0",
		"-auth", user+":"+password, "-log-format", "json")
	if err != nil {
		return err
	}
	defer full.stop()
	bare, err := start(bareBin, filepath.Join(dir, "bare.log"), "-listen", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer bare.stop()

	targets := []*target{
		{name: "bare net/http", addr: bare.api.Host, proc: bare.proc, mallocs: textCounter(bare.api.String() + "/debug/mallocs")},
		{name: "exampled (tonic, full stack)", addr: full.api.Host, proc: full.proc, mallocs: promCounter(full.admin+"/metrics", "go_memstats_mallocs_total")},
	}
	servers := []*server{bare, full}
	if c.timeouts {
		timed, err := start(bareBin, filepath.Join(dir, "bare-timeouts.log"), "-listen", "127.0.0.1:0", "-timeouts")
		if err != nil {
			return err
		}
		defer timed.stop()
		targets = append(targets, &target{name: "bare net/http with tonic's timeouts", addr: timed.api.Host, proc: timed.proc,
			mallocs: textCounter(timed.api.String() + "/debug/mallocs"), timeouts: true})
		servers = append(servers, timed)
	}
	if c.baseline != "" {
		base, err := start(c.baseline, filepath.Join(dir, "baseline.log"), "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0",
			"-auth", user+":"+password, "-log-format", "json")
		if err != nil {
			return err
		}
		defer base.stop()
		targets = append(targets, &target{name: "exampled baseline (" + filepath.Base(c.baseline) + ")", addr: base.api.Host,
			proc: base.proc, mallocs: promCounter(base.admin+"/metrics", "go_memstats_mallocs_total")})
		servers = append(servers, base)
	}
	auth := http.Header{"Authorization": {"Basic " + basic(user, password)}}
	for i, s := range servers {
		loc, err := seed(s.api.String(), auth)
		if err != nil {
			return fmt.Errorf("%s: %w", targets[i].name, err)
		}
		targets[i].path = loc
		closedLoop(targets[i].addr, loc, acceptJSON, 2*time.Second, c.workers) // warm up
	}
	if err := measure(c, targets); err != nil {
		return err
	}
	report(out, c, targets, logFile)
	return nil
}

// acceptJSON is the header of every request.
var acceptJSON = map[string]string{"Accept": "application/json"}

// measure runs the client on the targets round after round, alternating
// their order, and reads the servers' costs around each run.
func measure(c config, targets []*target) error {
	for round := 0; round < c.rounds; round++ {
		for k := range targets {
			t := targets[(k+round)%len(targets)]
			cpu0, err := processCPU(t.proc.Pid)
			if err != nil {
				return err
			}
			m0, err := t.mallocs()
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			res := closedLoop(t.addr, t.path, acceptJSON, c.duration, c.workers)
			cpu1, err := processCPU(t.proc.Pid)
			if err != nil {
				return err
			}
			m1, err := t.mallocs()
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			t.runs = append(t.runs, run{result: res, cpu: cpu1 - cpu0, mallocs: m1 - m0})
		}
	}
	return nil
}

// server is a server process under test.
type server struct {
	proc  *os.Process
	api   *url.URL // base URL of the API
	admin string   // base URL of the admin listener, if any
	stop  func()
}

// start runs a server binary with its standard error in logFile and reads
// the URLs it prints ("listening api URL", "listening admin URL").
func start(bin, logFile string, args ...string) (*server, error) {
	log, err := os.Create(logFile)
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
	s := &server{proc: cmd.Process, stop: func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		log.Close()
	}}
	urls := make(chan string, 2)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				urls <- rest
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	timeout := time.After(30 * time.Second)
	for s.api == nil {
		select {
		case line := <-urls:
			name, u, _ := strings.Cut(line, " ")
			switch name {
			case "api":
				if s.api, err = url.Parse(strings.TrimSpace(u)); err != nil {
					s.stop()
					return nil, err
				}
			case "admin":
				s.admin = strings.TrimSpace(u)
			}
		case <-timeout:
			s.stop()
			return nil, fmt.Errorf("%s printed no \"listening api\" line in 30s", bin)
		}
	}
	return s, nil
}

// seed creates one item and returns its path.
func seed(base string, header http.Header) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/1.0/stuff", strings.NewReader(`{"name":"load","count":1}`))
	if err != nil {
		return "", err
	}
	req.Header = header.Clone()
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
		return "", errors.New("seeding: got " + resp.Status + " " + string(body))
	}
	return resp.Header.Get("Location"), nil
}
