//go:build linux

package main

import (
	cryptotls "crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestE2EDrainUnderLoad sends SIGTERM while requests are in flight: each of
// them completes with 200, the admin server reports the API unready while it
// drains and still lets an operator cancel a request that would hold the
// drain up, and the process exits 0.
func TestE2EDrainUnderLoad(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-auth", "u:p", "-shutdown-delay", "1s")
	s := p.waitStartup(p.pid())
	c := newClient(t, nil)
	const inFlight, sleepMS = 8, 4000
	results := make(chan response, inFlight+1)
	get := func(id string, ms int) {
		r, err := send(c, request{method: "GET", url: fmt.Sprintf("%s/1.0/sleep/%d", s["api"], ms), header: map[string]string{"X-Request-ID": id}})
		if err != nil {
			r.body = err.Error()
		}
		r.id = id
		results <- r
	}
	for i := range inFlight {
		go get("drain-"+strconv.Itoa(i), sleepMS)
	}
	go get("drain-blocker", 60000) // holds the drain up until it is canceled
	waitFor(t, "every request in /debug/requests", func() bool {
		for i := range inFlight {
			if findRequest(t, c, s["admin"], "drain-"+strconv.Itoa(i)).Status == "" {
				return false
			}
		}
		return findRequest(t, c, s["admin"], "drain-blocker").Status != ""
	})

	p.signal(p.pid(), syscall.SIGTERM)
	waitFor(t, "/readyz to answer 503 during the drain", func() bool {
		return mustSend(t, c, request{method: "GET", url: s["admin"] + "/readyz"}).code == 503
	})
	// Cancel the blocker first: the drain then ends when the others end.
	if r := mustSend(t, c, request{method: "DELETE", url: s["admin"] + "/debug/requests/drain-blocker"}); r.code != 200 {
		t.Errorf("canceling the blocker during the drain: got %d %s, want 200", r.code, r.body)
	}
	for range inFlight + 1 {
		r := receive(t, results)
		want := fmt.Sprintf(`{"slept_ms":%d}`+"\n", sleepMS)
		if r.id == "drain-blocker" {
			if r.code != 503 || !strings.Contains(r.body, `"error":"request_canceled"`) {
				t.Errorf("the blocker: got %d %s, want 503 request_canceled", r.code, r.body)
			}
		} else if r.code != 200 || r.body != want {
			t.Errorf("in-flight request %s: got %d %s, want 200 %s", r.id, r.code, r.body, want)
		}
	}
	if code := p.waitExit(); code != 0 {
		t.Errorf("exit code after the drain: got %d, want 0", code)
	}
	log := p.log()
	for _, want := range []map[string]string{{"signal": "terminated", "message": "draining"}, {"server": "api", "message": "drained"}} {
		if !logHas(log, want) {
			t.Errorf("the log lacks a line with %v:\n%s", want, tail(log, 20))
		}
	}
}

// logHas reports whether a JSON line of log has the string fields want.
func logHas(log string, want map[string]string) bool {
	for _, line := range strings.Split(log, "\n") {
		var fields map[string]any
		if json.Unmarshal([]byte(line), &fields) != nil {
			continue
		}
		match := true
		for k, v := range want {
			match = match && fields[k] == v
		}
		if match {
			return true
		}
	}
	return false
}

// receive returns the next response, failing the test after waitLimit.
func receive(t *testing.T, results <-chan response) response {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(waitLimit):
		t.Fatal("timed out waiting for a response")
		return response{}
	}
}

// TestE2ERestartUnderLoad sends SIGUSR2 under a steady load of writes over
// HTTP and HTTPS with a data file: no request fails, a new process serves on
// the same addresses and writes its PID file, the old one exits 0, and every
// write acknowledged before, during and after the restart is in the store of
// the new process.
func TestE2ERestartUnderLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ss := certFiles(t, dir)
	pidFile := filepath.Join(dir, "exampled.pid")
	auth := credentials{user: "loader", password: "pw"}
	p := startProcess(t, []string{"EXAMPLED_DATA=" + filepath.Join(dir, "stuff.json"), "EXAMPLED_PID_FILE=" + pidFile},
		"-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-tls-listen", "127.0.0.1:0", "-auth", authArg(auth),
		"-tls-cert", filepath.Join(dir, "cert.pem"), "-tls-key", filepath.Join(dir, "key.pem"))
	old := p.pid()
	s := p.waitStartup(old)
	if got := readPID(t, pidFile); got != old {
		t.Errorf("PID file: got %d, want %d", got, old)
	}
	plain, secure, adminC := newClient(t, nil), newClient(t, &cryptotls.Config{RootCAs: ss.CertPool()}), newClient(t, nil)
	l := startLoad(t, auth, target{plain, s["api"]}, target{plain, s["api"]}, target{secure, s["api-tls"]}, target{secure, s["api-tls"]})
	l.waitAcked(t, 20)

	p.signal(old, syscall.SIGUSR2)
	newPID := 0
	waitFor(t, "a new process in /info", func() bool {
		newPID = info(t, adminC, s["admin"]).PID
		return newPID != old
	})
	ns := p.waitStartup(newPID)
	for _, name := range []string{"admin", "api", "api-tls"} {
		if ns[name] != s[name] {
			t.Errorf("listener %s of the new process: got %s, want %s", name, ns[name], s[name])
		}
	}
	if code := p.waitExit(); code != 0 {
		t.Errorf("exit code of the old process: got %d, want 0", code)
	}
	if err := syscall.Kill(old, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the old process %d: got %v, want it gone", old, err)
	}
	l.waitAcked(t, 20) // the new process takes writes
	acked, failures := l.results()
	if len(failures) > 0 {
		t.Errorf("%d failed requests across the restart, e.g. %v", len(failures), failures[:min(len(failures), 5)])
	}
	if got := readPID(t, pidFile); got != newPID {
		t.Errorf("PID file after the restart: got %d, want %d", got, newPID)
	}

	stored := listEverything(t, plain, s["api"])
	for id, name := range acked {
		if stored[id].Name != name {
			t.Errorf("acknowledged write %s (%s): got %+v in the new process", id, name, stored[id])
		}
	}
	if len(stored) != len(acked) {
		t.Errorf("the new process has %d items, want the %d acknowledged", len(stored), len(acked))
	}
	t.Logf("%d writes acknowledged across the restart", len(acked))

	p.signal(newPID, syscall.SIGTERM)
	if code := p.waitOrphanExit(newPID); code != 0 {
		t.Errorf("exit code of the new process after SIGTERM: got %d, want 0", code)
	}
}

// TestE2EZeroConfigRestart starts exampled with no credentials and no
// certificate files: it generates both, prints them, and the process a
// SIGUSR2 starts keeps them, so clients go on working.
func TestE2EZeroConfigRestart(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-tls-listen", "127.0.0.1:0")
	s := p.waitStartup(p.pid())
	user, password, ok := strings.Cut(s["auth"], ":")
	if !ok || user != defaultUser || len(password) < 16 || !strings.HasPrefix(s["tls-pin"], "sha256//") {
		t.Fatalf("startup text: got auth %q and tls-pin %q, want generated ones", s["auth"], s["tls-pin"])
	}
	auth := credentials{user: user, password: password}
	pinned := newClient(t, pinVerifier(s["tls-pin"]))
	write := func(name string) {
		t.Helper()
		r := mustSend(t, pinned, request{method: "POST", url: s["api-tls"] + "/1.0/stuff", body: `{"name":"` + name + `"}`, auth: &auth})
		if r.code != 201 {
			t.Errorf("POST %s with the generated credentials: got %d %s, want 201", name, r.code, r.body)
		}
	}
	write("before")

	p.signal(p.pid(), syscall.SIGUSR2)
	if code := p.waitExit(); code != 0 {
		t.Errorf("exit code of the old process: got %d, want 0", code)
	}
	adminC := newClient(t, nil)
	newPID := info(t, adminC, s["admin"]).PID
	ns := p.waitStartup(newPID)
	if ns["auth"] != s["auth"] || ns["tls-pin"] != s["tls-pin"] {
		t.Errorf("the new process: got auth %q and pin %q, want those of the old one, %q and %q", ns["auth"], ns["tls-pin"], s["auth"], s["tls-pin"])
	}
	pinned.Transport.(interface{ CloseIdleConnections() }).CloseIdleConnections() // a new handshake, with the new process
	write("after")
	env := []string{"EXAMPLED_AUTH=" + s["auth"]}
	if out, errOut, code := runBinary(t, env, "client", "-url", s["api-tls"], "-pin", s["tls-pin"], "list"); code != 0 || !strings.Contains(out, `"name": "after"`) {
		t.Errorf("exampled client -pin: got exit %d, stdout %q, stderr %q; want the item written after the restart", code, out, errOut)
	}
	if _, errOut, code := runBinary(t, env, "client", "-url", s["api-tls"], "-pin", "sha256//AAAA", "list"); code != 1 || !strings.Contains(errOut, "public key pin is "+s["tls-pin"]+", want sha256//AAAA") {
		t.Errorf("exampled client with a wrong pin: got exit %d, stderr %q; want the certificate refused", code, errOut)
	}

	p.signal(newPID, syscall.SIGTERM)
	if code := p.waitOrphanExit(newPID); code != 0 {
		t.Errorf("exit code of the new process: got %d, want 0", code)
	}
}

// readPID reads a PID file.
func readPID(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("PID file %s: %v", path, err)
	}
	return pid
}
