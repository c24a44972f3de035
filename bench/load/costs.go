package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the unit of the CPU times in /proc/PID/stat (sysconf
// _SC_CLK_TCK, 100 on Linux everywhere that matters).
const clockTicks = 100

// processCPU returns the user and system CPU time process pid has used.
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the CPU time of %d: %w", pid, err)
	}
	return parseStat(string(b))
}

// parseStat returns utime+stime from the text of /proc/PID/stat. The
// command name, in parentheses, may hold spaces, so fields are counted from
// after its closing parenthesis: utime and stime are fields 14 and 15.
func parseStat(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("bad /proc stat line %q", stat)
	}
	f := strings.Fields(stat[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("bad /proc stat line %q", stat)
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 64)
	stime, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc stat line %q", stat)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// textCounter returns a reader of a counter served as plain text at url.
func textCounter(url string) func() (uint64, error) {
	return func() (uint64, error) {
		b, err := fetch(url)
		if err != nil {
			return 0, err
		}
		return strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	}
}

// promCounter returns a reader of the Prometheus counter name served at url.
func promCounter(url, name string) func() (uint64, error) {
	return func() (uint64, error) {
		b, err := fetch(url)
		if err != nil {
			return 0, err
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
				v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
				return uint64(v), err
			}
		}
		return 0, fmt.Errorf("%s has no %s", url, name)
	}
}

// fetch GETs url and returns its body.
func fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}
