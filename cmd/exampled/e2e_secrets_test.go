//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// authWarning is the start of the warning for -auth on the command line.
const authWarning = "-auth on the command line: every local user can read it"

// TestE2EAuthOnTheCommandLine: -auth on the command line works, is
// warned about, and the admin's /debug/pprof/cmdline masks it.
func TestE2EAuthOnTheCommandLine(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-auth", "u:hunter2")
	s := p.waitStartup(p.pid())
	c := newClient(t, nil)
	cmdline := mustSend(t, c, request{method: "GET", url: s["admin"] + "/debug/pprof/cmdline"}).body
	if strings.Contains(cmdline, "hunter2") || !strings.HasSuffix(cmdline, "\x00-auth\x00[REDACTED]") {
		t.Errorf("/debug/pprof/cmdline: got %q, want -auth's value masked", cmdline)
	}
	auth := credentials{user: "u", password: "hunter2"}
	if r := mustSend(t, c, request{method: "POST", url: s["api"] + "/1.0/stuff", body: `{"name":"x"}`, auth: &auth}); r.code != 201 {
		t.Errorf("a write with the credentials: got %d, want 201", r.code)
	}
	p.signal(p.pid(), syscall.SIGTERM)
	p.waitExit()
	if log := p.log(); !strings.Contains(log, authWarning) || strings.Contains(log, "hunter2") {
		t.Errorf("log: want the warning, and no password:\n%s", log)
	}
}

// TestE2EAuthFromAFile: -auth-file gives the credentials, without a
// warning and without the password on the command line.
func TestE2EAuthFromAFile(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "auth")
	if err := os.WriteFile(file, []byte("filed:s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startProcess(t, nil, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-auth-file", file)
	s := p.waitStartup(p.pid())
	c := newClient(t, nil)
	for _, tt := range []struct {
		auth credentials
		want int
	}{{credentials{user: "filed", password: "s3cret"}, 201}, {credentials{user: "filed", password: "wrong"}, 401}} {
		if r := mustSend(t, c, request{method: "POST", url: s["api"] + "/1.0/stuff", body: `{"name":"x"}`, auth: &tt.auth}); r.code != tt.want {
			t.Errorf("a write as %s: got %d, want %d", tt.auth.password, r.code, tt.want)
		}
	}
	p.signal(p.pid(), syscall.SIGTERM)
	p.waitExit()
	if log := p.log(); strings.Contains(log, authWarning) || strings.Contains(log, "s3cret") {
		t.Errorf("log: want no warning and no password:\n%s", log)
	}
}
