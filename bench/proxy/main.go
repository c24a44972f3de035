// Command proxy compares the throughput and CPU cost of tonic's reverse
// proxy (package github.com/seed78c03fa0/tonic/proxy) with nginx (Debian's
// package) and with a bare httputil.NewSingleHostReverseProxy, each in front
// of the same backend, on 127.0.0.1:
//
//	cd bench && go run ./proxy [-rounds 5] [-duration 5s] [-connections 32]
//
// Each contender is a process of its own: nginx with an upstream keep-alive
// pool and the same forwarding headers as tonic's proxy (X-Forwarded-For,
// -Host, -Proto, X-Request-ID), and proxyd (./proxyd) serving tonic's proxy,
// the bare ReverseProxy, or a ReverseProxy with a pooled transport and
// nothing else (the floor of net/http, to tell tonic's own cost from the
// library's), each on a plain http.Server. The backend is proxyd too. The
// load comes from wrk, a lean closed-loop client (one thread, a fixed number
// of keep-alive connections), contender after contender in an order that
// rotates each round. For every run the driver reads the contender's own
// CPU time (user and system, from /proc, every process of it) and the
// connections the backend accepted, and prints the medians over the rounds
// as a Markdown table for BENCHMARKS.md. It needs Linux, nginx and wrk
// (apt-get install nginx wrk); it is not part of make test.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"
)

// config holds the flags.
type config struct {
	rounds      int
	duration    time.Duration
	warmup      time.Duration
	connections int
	threads     int
	nginx, wrk  string
	workers     int // nginx worker processes
}

func main() {
	var c config
	flag.IntVar(&c.rounds, "rounds", 5, "rounds of runs, each contender once per round, in a rotating order")
	flag.DurationVar(&c.duration, "duration", 5*time.Second, "length of each run")
	flag.DurationVar(&c.warmup, "warmup", 2*time.Second, "length of the warm-up run of each contender")
	flag.IntVar(&c.connections, "connections", 32, "wrk's keep-alive connections")
	flag.IntVar(&c.threads, "threads", 1, "wrk's threads")
	flag.StringVar(&c.nginx, "nginx", "nginx", "the nginx binary")
	flag.StringVar(&c.wrk, "wrk", "wrk", "the wrk binary")
	flag.IntVar(&c.workers, "nginx-workers", runtime.NumCPU(), "nginx worker processes (Go uses every CPU)")
	flag.Parse()
	if err := run(c, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "proxy:", err)
		os.Exit(1)
	}
}

// run starts the backend and the contenders, measures them and prints the
// table to out and each run to progress.
func run(c config, out, progress io.Writer) error {
	for _, bin := range []string{c.nginx, c.wrk} {
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Errorf("%s not found (apt-get install nginx wrk): %v", bin, err)
		}
	}
	dir, err := os.MkdirTemp("", "tonic-proxy-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	proxyd := filepath.Join(dir, "proxyd")
	if out, err := exec.Command("go", "build", "-o", proxyd, "./proxy/proxyd").CombinedOutput(); err != nil {
		return fmt.Errorf("building proxyd: %v\n%s", err, out)
	}
	backend, err := startProxyd(proxyd, dir, "backend", "")
	if err != nil {
		return err
	}
	defer backend.stop()
	contenders, err := startContenders(c, proxyd, dir, backend.url)
	defer func() {
		for _, ct := range contenders {
			ct.proc.stop()
		}
	}()
	if err != nil {
		return err
	}
	for _, ct := range contenders {
		if _, err := runWrk(c, ct.proc.url, c.warmup); err != nil {
			return fmt.Errorf("warming up %s: %w", ct.name, err)
		}
	}
	if err := measure(c, backend, contenders, progress); err != nil {
		return err
	}
	report(out, c, contenders)
	return nil
}

// startContenders starts nginx, tonic's proxy, the bare ReverseProxy and
// the pooled one in front of backendURL.
func startContenders(c config, proxyd, dir, backendURL string) ([]*contender, error) {
	var cs []*contender
	ng, err := startNginx(c, dir, backendURL)
	if err != nil {
		return cs, err
	}
	cs = append(cs, &contender{name: "nginx " + nginxVersion(c.nginx), proc: ng})
	for _, m := range []struct{ mode, name string }{
		{"tonic", "tonic proxy.Proxy"},
		{"bare", "bare httputil.NewSingleHostReverseProxy"},
		{"pooled", "httputil.ReverseProxy, pooled transport only"},
	} {
		p, err := startProxyd(proxyd, dir, m.mode, backendURL)
		if err != nil {
			return cs, err
		}
		cs = append(cs, &contender{name: m.name, proc: p})
	}
	return cs, nil
}

// measure runs each contender once per round, rotating the order.
func measure(c config, backend *process, cs []*contender, progress io.Writer) error {
	for round := 0; round < c.rounds; round++ {
		for k := range cs {
			ct := cs[(k+round)%len(cs)]
			r, err := measureOne(c, backend, ct)
			if err != nil {
				return fmt.Errorf("%s, round %d: %w", ct.name, round+1, err)
			}
			ct.runs = append(ct.runs, r)
			fmt.Fprintf(progress, "round %d  %-42s %9.0f req/s  %6.1f µs CPU/req  %6d backend conns  %d errors\n",
				round+1, ct.name, r.rps, r.cpuPerReq, r.backendConns, r.errors)
		}
	}
	return nil
}

// measureOne runs wrk against ct once, reading ct's CPU time and the
// backend's accepted connections around it.
func measureOne(c config, backend *process, ct *contender) (result, error) {
	conns0, err := backendConns(backend.url)
	if err != nil {
		return result{}, err
	}
	cpu0, err := ct.proc.cpu()
	if err != nil {
		return result{}, err
	}
	w, err := runWrk(c, ct.proc.url, c.duration)
	if err != nil {
		return result{}, err
	}
	cpu1, err := ct.proc.cpu()
	if err != nil {
		return result{}, err
	}
	conns1, err := backendConns(backend.url)
	if err != nil {
		return result{}, err
	}
	r := result{rps: w.rps, errors: w.errors, backendConns: conns1 - conns0 - 1} // less the /_conns request's own
	if w.requests > 0 {
		r.cpuPerReq = float64((cpu1 - cpu0).Microseconds()) / float64(w.requests)
	}
	return r, nil
}
