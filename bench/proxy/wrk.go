package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run reports.
type wrkResult struct {
	rps      float64
	requests int64
	errors   int64 // socket errors and non-2xx responses
}

// runWrk loads url for d with wrk and parses its report.
func runWrk(c config, url string, d time.Duration) (wrkResult, error) {
	out, err := exec.Command(c.wrk, "-t", strconv.Itoa(c.threads), "-c", strconv.Itoa(c.connections),
		"-d", fmt.Sprintf("%ds", int(d.Seconds())), url+"/item").CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
}

// parseWrk reads wrk's report.
func parseWrk(s string) (wrkResult, error) {
	wrkRPS := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkRequests := regexp.MustCompile(`(\d+) requests in`)
	wrkNon2xx := regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket := regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	var r wrkResult
	m := wrkRPS.FindStringSubmatch(s)
	n := wrkRequests.FindStringSubmatch(s)
	if m == nil || n == nil {
		return r, fmt.Errorf("cannot read wrk's report:\n%s", s)
	}
	r.rps, _ = strconv.ParseFloat(m[1], 64)
	r.requests, _ = strconv.ParseInt(n[1], 10, 64)
	if m := wrkNon2xx.FindStringSubmatch(s); m != nil {
		v, _ := strconv.ParseInt(m[1], 10, 64)
		r.errors += v
	}
	if m := wrkSocket.FindStringSubmatch(s); m != nil {
		for _, f := range m[1:] {
			v, _ := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			r.errors += v
		}
	}
	return r, nil
}
