// Command load compares the throughput and latency of exampled's full stack
// (request IDs, JSON access logs written to a file, per-route metrics,
// recovery, the in-flight table, marshal) with a bare net/http handler doing
// the same JSON work, in one run, on 127.0.0.1. `make load` runs it.
//
// Both servers run as processes of their own, are seeded with one item, and
// are attacked in alternating order, round after round, with vegeta: first
// closed-loop with a fixed number of workers (the throughput each sustains),
// then open-loop at a fixed fraction of the bare server's throughput (the
// latency each gives at the same load). It prints the medians over the
// rounds as a Markdown table for BENCHMARKS.md.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
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
	workers  uint64
	fraction float64
}

func main() {
	var c config
	flag.StringVar(&c.exampled, "exampled", "../bin/exampled", "the exampled binary (make build)")
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "length of each attack")
	flag.IntVar(&c.rounds, "rounds", 3, "rounds of attacks on each server, alternating")
	flag.Uint64Var(&c.workers, "workers", 16, "concurrent clients of the throughput attacks")
	flag.Float64Var(&c.fraction, "rate", 0.5, "rate of the latency attacks, as a fraction of the bare server's throughput")
	flag.Parse()
	if err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// target is one server under test.
type target struct {
	name    string
	url     string // of the item the attacks GET
	header  http.Header
	through []result
	latency []result
}

// run starts both servers, attacks them and prints the table.
func run(c config, out io.Writer) error {
	dir, err := os.MkdirTemp("", "tonic-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bare := filepath.Join(dir, "bare")
	if out, err := exec.Command("go", "build", "-o", bare, "./load/bare").CombinedOutput(); err != nil {
		return fmt.Errorf("building the bare server: %v\n%s", err, out)
	}
	logFile := filepath.Join(dir, "exampled.log")
	const user, password = "load", "load-secret"
	full, stopFull, err := start(c.exampled, logFile, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0",
		"-auth", user+":"+password, "-log-format", "json")
	if err != nil {
		return err
	}
	defer stopFull()
	base, stopBare, err := start(bare, filepath.Join(dir, "bare.log"), "-listen", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer stopBare()

	auth := http.Header{}
	auth.Set("Authorization", "Basic "+basic(user, password))
	targets := []*target{{name: "bare net/http"}, {name: "exampled (tonic, full stack)"}}
	for i, srv := range []struct {
		base string
		hdr  http.Header
	}{{base, http.Header{}}, {full, auth}} {
		loc, err := seed(srv.base, srv.hdr)
		if err != nil {
			return fmt.Errorf("%s: %w", targets[i].name, err)
		}
		targets[i].url, targets[i].header = srv.base+loc, http.Header{"Accept": {"application/json"}}
		attack(targets[i].url, targets[i].header, 2*time.Second, c.workers, 0) // warm up
	}
	measure(c, targets)
	report(out, c, targets, logFile)
	return nil
}

// measure attacks the targets round after round, alternating their order.
func measure(c config, targets []*target) {
	for round := 0; round < c.rounds; round++ {
		for k := range targets {
			t := targets[(k+round)%len(targets)]
			t.through = append(t.through, attack(t.url, t.header, c.duration, c.workers, 0))
		}
	}
	rps := make([]float64, len(targets[0].through))
	for i, r := range targets[0].through {
		rps[i] = r.RPS
	}
	rate := int(median(rps) * c.fraction)
	for round := 0; round < c.rounds; round++ {
		for k := range targets {
			t := targets[(k+round)%len(targets)]
			t.latency = append(t.latency, attack(t.url, t.header, c.duration, 4*c.workers, max(rate, 1)))
		}
	}
}

// start runs a server binary with its standard error in logFile and
// returns the base URL it prints ("listening api http://ADDR") and a stop
// function that drains it with SIGTERM.
func start(bin, logFile string, args ...string) (string, func(), error) {
	log, err := os.Create(logFile)
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		log.Close()
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "listening api "); ok {
				urls <- strings.TrimSpace(rest)
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-urls:
		return u, stop, nil
	case <-time.After(30 * time.Second):
		stop()
		return "", nil, fmt.Errorf("%s printed no \"listening api\" line in 30s", bin)
	}
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
