package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a strings.Builder safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunWithoutServing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		stdout string // a prefix of it
		err    string // "" for none
	}{
		{"-version", []string{"-version"}, nil, versionLine() + "\n", ""},
		{"-help", []string{"-help"}, nil, "Usage: exampled [flags]\n", ""},
		{"bad flag", []string{"-log-format", "text"}, nil, "", `invalid value "text" for flag -log-format: want json or console`},
		{"bad variable", nil, map[string]string{"EXAMPLED_ADMIN": "8001"}, "",
			`EXAMPLED_ADMIN: invalid value "8001" for flag -admin: want host:port, e.g. 127.0.0.1:8000: address 8001: missing port in address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			err := run(context.Background(), tt.args, envOf(tt.env), &stdout, &stderr)
			var usage *usageError
			if tt.err == "" && err != nil || tt.err != "" && (!errors.As(err, &usage) || err.Error() != tt.err) {
				t.Errorf("run(%q): got %v, want %q", tt.args, err, tt.err)
			}
			if !strings.HasPrefix(stdout.String(), tt.stdout) || (tt.stdout == "") != (stdout.Len() == 0) || stderr.Len() != 0 {
				t.Errorf("run(%q): got stdout %q and stderr %q, want stdout starting %q", tt.args, stdout.String(), stderr.String(), tt.stdout)
			}
		})
	}
}

// ranInProcess records that TestRunServesUntilContextEnds ran: tableflip
// allows one Upgrader per process, so -count=2 runs it once.
var ranInProcess sync.Once

// TestRunServesUntilContextEnds runs the whole service in the test process,
// so that the race detector and goleak watch it, and stops it by ending its
// context.
func TestRunServesUntilContextEnds(t *testing.T) {
	t.Parallel()
	first := false
	ranInProcess.Do(func() { first = true })
	if !first {
		t.Skip("tableflip allows one Upgrader per process, and this process made it already")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0"}, envOf(map[string]string{"EXAMPLED_AUTH": "u:p"}), &stdout, &stderr)
	}()
	urls := map[string]string{}
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(stdout.String(), "\ntry:\n") {
		select {
		case err := <-done:
			t.Fatalf("run returned before serving: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no startup text; stderr:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "listening" {
			urls[f[1]] = f[2]
		}
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: time.Minute}
	for _, u := range []string{urls["api"] + "/1.0/stuff", urls["admin"] + "/readyz"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: got %d, want 200", u, resp.StatusCode)
		}
	}
	tr.CloseIdleConnections()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after its context ended: got %v, want nil", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("run did not return after its context ended")
	}
}
