package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"time"
)

// result is what one closed-loop run measured at the client.
type result struct {
	Requests uint64        // responses read
	Failures uint64        // non-2xx responses and connection errors
	RPS      float64       // successful requests per second
	P50, P99 time.Duration // latency percentiles
	Errors   []string      // the first few errors
}

// closedLoop sends GET path to addr for d over workers keep-alive
// connections, each sending its next request as soon as the last response
// is read, and returns what it measured. It is lean on purpose: a request
// is a fixed byte string and a response is parsed only as far as its status
// and Content-Length, so that on a small machine the client takes as
// little CPU as it can from the server it measures.
func closedLoop(addr, path string, header map[string]string, d time.Duration, workers int) result {
	req := rawRequest(addr, path, header)
	var mu sync.Mutex
	var all []time.Duration
	var res result
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, n, failed, err := worker(addr, req, deadline)
			mu.Lock()
			defer mu.Unlock()
			all = append(all, lat...)
			res.Requests += n
			res.Failures += failed
			if err != nil && len(res.Errors) < 5 {
				res.Errors = append(res.Errors, err.Error())
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	res.RPS = float64(res.Requests-res.Failures) / elapsed.Seconds()
	res.P50, res.P99 = percentile(all, 0.50), percentile(all, 0.99)
	return res
}

// rawRequest returns the bytes of a GET request for path on addr.
func rawRequest(addr, path string, header map[string]string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, addr)
	for k, v := range header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// worker runs one connection until the deadline and returns its latencies,
// its request count, its failures and the error that stopped it early.
func worker(addr string, req []byte, deadline time.Time) (lat []time.Duration, n, failed uint64, err error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, 0, 1, err
	}
	defer conn.Close()
	br := bufio.NewReaderSize(conn, 16<<10)
	lat = make([]time.Duration, 0, 1<<16)
	for {
		t0 := time.Now()
		if !t0.Before(deadline) {
			return lat, n, failed, nil
		}
		if _, err := conn.Write(req); err != nil {
			return lat, n, failed + 1, err
		}
		status, err := readResponse(br)
		if err != nil {
			return lat, n, failed + 1, err
		}
		lat = append(lat, time.Since(t0))
		n++
		if status < 200 || status > 299 {
			failed++
		}
	}
}

// readResponse reads one response with a Content-Length body and returns
// its status.
func readResponse(br *bufio.Reader) (int, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	length := -1
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(line) <= 2 {
			break
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(k, []byte("Content-Length")) {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
				return 0, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if length < 0 {
		return 0, errors.New("a response without Content-Length")
	}
	_, err = io.CopyN(io.Discard, br, int64(length))
	return status, err
}

// percentile returns the p-quantile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}
