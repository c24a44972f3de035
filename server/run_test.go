package server

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeUpgrader is an Upgrader whose upgrades the test decides.
type fakeUpgrader struct {
	names    chan string   // the names of the listeners asked for
	started  chan struct{} // one value per Upgrade call
	results  chan error    // what the Upgrade calls in progress return
	stop     chan struct{}
	exit     chan struct{}
	stopOnce sync.Once
	exitOnce sync.Once
	readyErr error
}

func newFakeUpgrader() *fakeUpgrader {
	return &fakeUpgrader{names: make(chan string, 16), started: make(chan struct{}, 16), results: make(chan error),
		stop: make(chan struct{}), exit: make(chan struct{})}
}

func (u *fakeUpgrader) ListenWithCallback(network, addr string, cb func(network, addr string) (net.Listener, error)) (net.Listener, error) {
	u.names <- addr
	return cb(network, addr)
}

func (u *fakeUpgrader) Ready() error          { return u.readyErr }
func (u *fakeUpgrader) Exit() <-chan struct{} { return u.exit }

func (u *fakeUpgrader) Upgrade() error {
	u.started <- struct{}{}
	select {
	case err := <-u.results:
		if err == nil {
			u.exitOnce.Do(func() { close(u.exit) })
		}
		return err
	case <-u.stop:
		return errors.New("terminating")
	}
}

func (u *fakeUpgrader) Stop() {
	u.stopOnce.Do(func() { close(u.stop) })
	u.exitOnce.Do(func() { close(u.exit) })
}

// runHarness runs Run in a goroutine with an API server (serving h) and an
// admin server, each on its own port, a fake upgrader and signals sent by
// the test.
type runHarness struct {
	api, admin *Server
	upg        *fakeUpgrader
	sigs       chan os.Signal
	logs       *logBuffer
	done       chan error
	cancel     context.CancelFunc
}

func startRun(t *testing.T, h http.Handler, reloaders ...Reloader) *runHarness {
	t.Helper()
	return startRunWith(t, h, Options{Name: "api"}, reloaders...)
}

// startRunWith is startRun with the options of the API server.
func startRunWith(t *testing.T, h http.Handler, apiOpts Options, reloaders ...Reloader) *runHarness {
	t.Helper()
	log, logs := newLogger()
	api, err := New(h, log, apiOpts)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "admin")
	}), log, Options{Name: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rh := &runHarness{api: api, admin: admin, upg: newFakeUpgrader(), sigs: make(chan os.Signal, 4), logs: logs,
		done: make(chan error, 1), cancel: cancel}
	opts := RunOptions{Logger: log, Upgrader: rh.upg, Reloaders: reloaders}
	go func() {
		rh.done <- run(ctx, opts, rh.sigs, []Binding{Bind(admin, Endpoint{Addr: "127.0.0.1:0"}), Bind(api, Endpoint{Addr: "127.0.0.1:0"})})
	}()
	t.Cleanup(func() {
		cancel()
		recv(t, "Run to return", rh.done)
	})
	logs.waitLog(t, "ready")
	return rh
}

// url returns the URL of the first address of s.
func baseURL(s *Server) string { return "http://" + s.Addrs()[0].String() }

func (rh *runHarness) wait(t *testing.T) error {
	t.Helper()
	err := recv(t, "Run to return", rh.done)
	rh.done <- err // for the cleanup
	return err
}

// TestRunDrainsOnSIGTERM: SIGTERM drains the API server first, while the
// admin server still answers, and Run returns nil.
func TestRunDrainsOnSIGTERM(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	rh := startRun(t, b)
	c := newClient(t, nil)
	res := getAsync(t, c, baseURL(rh.api), "")
	recv(t, "the request to enter its handler", b.entered)
	rh.sigs <- syscall.SIGTERM
	waitFor(t, "the API server to turn unready", func() bool { return !rh.api.Ready() })
	if status, body, err := get(t, c, baseURL(rh.admin), ""); err != nil || status != http.StatusOK || body != "admin" {
		t.Errorf("admin while the API drains: got %d %q %v, want 200 admin", status, body, err)
	}
	if !rh.admin.Ready() {
		t.Error("admin Ready while the API drains: got false, want true")
	}
	close(b.release)
	if r := recv(t, "the response", res); r.err != nil || r.status != http.StatusOK {
		t.Errorf("in-flight request: got %d %v, want 200", r.status, r.err)
	}
	if err := rh.wait(t); err != nil {
		t.Errorf("Run: got %v, want nil", err)
	}
	if rh.admin.Ready() || rh.api.Ready() {
		t.Error("Ready after Run: got true, want false")
	}
}

// TestRunSecondSignal: a second SIGINT during the drain closes at once.
func TestRunSecondSignal(t *testing.T) {
	leakCheck(t)
	b := newBlocker()
	rh := startRun(t, b)
	res := getAsync(t, newClient(t, nil), baseURL(rh.api), "stuck")
	recv(t, "the request to enter its handler", b.entered)
	rh.sigs <- syscall.SIGINT
	waitFor(t, "the API server to turn unready", func() bool { return !rh.api.Ready() })
	rh.sigs <- syscall.SIGINT
	if err := rh.wait(t); !errors.Is(err, ErrForcedStop) {
		t.Errorf("Run: got %v, want ErrForcedStop", err)
	}
	if cause := recv(t, "the handler to see the cancellation", b.causes); cause != ErrShuttingDown {
		t.Errorf("handler's context cause: got %v, want ErrShuttingDown", cause)
	}
	recv(t, "the response", res)
	if e := rh.logs.find("request still running at shutdown: canceled"); e == nil || e["request_id"] != "stuck" {
		t.Errorf("got log %v, want the aborted request logged", e)
	}
}

// TestRunSecondSignalDuringDelay: a second SIGTERM cuts the shutdown
// delay short, which is too long for the test to wait.
func TestRunSecondSignalDuringDelay(t *testing.T) {
	leakCheck(t)
	rh := startRunWith(t, http.NotFoundHandler(), Options{Name: "api", ShutdownDelay: time.Hour})
	rh.sigs <- syscall.SIGTERM
	waitFor(t, "the API server to turn unready", func() bool { return !rh.api.Ready() })
	rh.sigs <- syscall.SIGTERM
	if err := rh.wait(t); !errors.Is(err, ErrForcedStop) {
		t.Errorf("Run: got %v, want ErrForcedStop", err)
	}
}

type reloader struct {
	calls chan struct{}
	err   error
}

func (r *reloader) Reload() error { r.calls <- struct{}{}; return r.err }

// TestRunSignals checks SIGHUP, SIGUSR1 and a stop by the context.
func TestRunSignals(t *testing.T) {
	leakCheck(t)
	good := &reloader{calls: make(chan struct{}, 1)}
	bad := &reloader{calls: make(chan struct{}, 1), err: errors.New("bad certificate")}
	rh := startRun(t, http.NotFoundHandler(), good, bad)

	rh.sigs <- syscall.SIGHUP
	recv(t, "the first Reload", good.calls)
	recv(t, "the second Reload", bad.calls)
	if e := rh.logs.waitLog(t, "reload failed: keeping the previous configuration"); e["error"] != "bad certificate" {
		t.Errorf("got %v, want the reload error logged", e)
	}
	if e := rh.logs.waitLog(t, "reloaded"); e["failed"] != 1.0 || e["reloaders"] != 2.0 {
		t.Errorf("got %v, want 1 of 2 reloaders failed", e)
	}

	rh.sigs <- syscall.SIGUSR1
	stacks, _ := rh.logs.waitLog(t, "goroutine stacks")["stacks"].(string)
	if !strings.Contains(stacks, "server.(*runner).loop") || !strings.Contains(stacks, "goroutine ") {
		t.Errorf("got stacks %.200q..., want every goroutine, Run's loop included", stacks)
	}
	if !rh.api.Ready() {
		t.Error("Ready after SIGHUP and SIGUSR1: got false, want true")
	}
	rh.cancel()
	if err := rh.wait(t); err != nil {
		t.Errorf("Run stopped by its context: got %v, want nil", err)
	}
}

// TestRunUpgrade: SIGUSR2 upgrades, one at a time; a failed upgrade keeps
// the process serving; a successful one drains it.
func TestRunUpgrade(t *testing.T) {
	leakCheck(t)
	rh := startRun(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "old") }))
	c := newClient(t, nil)

	rh.sigs <- syscall.SIGUSR2
	recv(t, "an upgrade", rh.upg.started)
	rh.sigs <- syscall.SIGUSR2
	rh.logs.waitLog(t, "an upgrade is already in progress: upgrade refused")
	rh.upg.results <- errors.New("child exited: exit status 1")
	if e := rh.logs.waitLog(t, "upgrade failed: still serving"); !strings.Contains(e["error"].(string), "exit status 1") {
		t.Errorf("got %v, want the upgrade error logged", e)
	}
	if status, body, err := get(t, c, baseURL(rh.api), ""); err != nil || status != http.StatusOK || body != "old" || !rh.api.Ready() {
		t.Errorf("after a failed upgrade: got %d %q %v, want 200 old, ready", status, body, err)
	}
	select {
	case <-rh.upg.started:
		t.Fatal("a refused SIGUSR2 started an upgrade")
	default:
	}

	rh.sigs <- syscall.SIGUSR2
	recv(t, "a second upgrade", rh.upg.started)
	rh.upg.results <- nil
	if err := rh.wait(t); err != nil {
		t.Errorf("Run after a successful upgrade: got %v, want nil", err)
	}
	rh.logs.waitLog(t, "the new process serves: draining")
}

// TestRunStopsUpgradeInProgress: a stop signal during an upgrade stops it.
func TestRunStopsUpgradeInProgress(t *testing.T) {
	leakCheck(t)
	rh := startRun(t, http.NotFoundHandler())
	rh.sigs <- syscall.SIGUSR2
	recv(t, "an upgrade", rh.upg.started)
	rh.sigs <- syscall.SIGTERM
	if err := rh.wait(t); err != nil {
		t.Errorf("Run: got %v, want nil", err)
	}
	if e := rh.logs.find("upgrade failed: still serving"); e == nil || e["error"] != "terminating" {
		t.Errorf("got %v, want the stopped upgrade logged", e)
	}
}

func TestRunValidation(t *testing.T) {
	leakCheck(t)
	log, _ := newLogger()
	s, err := New(http.NotFoundHandler(), log, Options{Name: "api"})
	if err != nil {
		t.Fatal(err)
	}
	serverTLS, _ := testTLS(t)
	ep := Endpoint{Addr: "127.0.0.1:0"}
	tests := []struct {
		name     string
		opts     RunOptions
		bindings []Binding
		want     string
	}{
		{"no server", RunOptions{Logger: log}, nil, "no server"},
		{"nil server", RunOptions{Logger: log}, []Binding{Bind(nil, ep)}, "binding 0 has a nil Server"},
		{"no endpoint", RunOptions{Logger: log}, []Binding{Bind(s)}, "server api has no endpoint"},
		{"no address", RunOptions{Logger: log}, []Binding{Bind(s, Endpoint{})}, "server api: an endpoint has no Addr"},
		{"TLS without certificate", RunOptions{Logger: log}, []Binding{Bind(s, Endpoint{Addr: ":0", TLSConfig: &tls.Config{}})}, "has no Certificates"},
		{"nil reloader", RunOptions{Logger: log, Reloaders: []Reloader{nil}}, []Binding{Bind(s, ep)}, "Reloaders[0] is nil"},
		{"PID file with own upgrader", RunOptions{Logger: log, PIDFile: "x.pid", Upgrader: newFakeUpgrader()}, []Binding{Bind(s, ep)}, "give them to your own"},
		{"TLS accepted", RunOptions{Logger: log, Upgrader: newFakeUpgrader()},
			[]Binding{Bind(s, Endpoint{Addr: "256.0.0.1:0", TLSConfig: serverTLS})}, "listening on tcp 256.0.0.1:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.opts, make(chan os.Signal), tt.bindings)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestRunListenError: an address in use fails Run with an error naming it,
// and closes the listeners already open.
func TestRunListenError(t *testing.T) {
	leakCheck(t)
	busy := listen(t)
	defer busy.Close()
	log, _ := newLogger()
	s, _ := New(http.NotFoundHandler(), log, Options{Name: "api"})
	upg := newFakeUpgrader()
	err := run(context.Background(), RunOptions{Logger: log, Upgrader: upg}, make(chan os.Signal),
		[]Binding{Bind(s, Endpoint{Addr: "127.0.0.1:0"}, Endpoint{Addr: busy.Addr().String()})})
	if err == nil || !strings.Contains(err.Error(), "server api: listening on tcp "+busy.Addr().String()) {
		t.Errorf("got %v, want an error naming server api and %s", err, busy.Addr())
	}
	select {
	case <-upg.exit:
	default:
		t.Error("Run returned without stopping its Upgrader")
	}
}

// TestRunSamePortZeroTwice: two endpoints on port 0 of one address get
// distinct listener names, so that both are handed over on an upgrade.
func TestRunSamePortZeroTwice(t *testing.T) {
	leakCheck(t)
	log, _ := newLogger()
	s, _ := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), log, Options{})
	upg := newFakeUpgrader()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, RunOptions{Logger: log, Upgrader: upg}, make(chan os.Signal),
			[]Binding{Bind(s, Endpoint{Addr: "127.0.0.1:0"}, Endpoint{Network: "tcp4", Addr: "127.0.0.1:0"}, Endpoint{Addr: "127.0.0.1:0"})})
	}()
	var names []string
	for range 3 {
		names = append(names, recv(t, "a listener", upg.names))
	}
	waitFor(t, "the server to be ready", s.Ready)
	if got := strings.Join(names, " "); got != "127.0.0.1:0 127.0.0.1:0 127.0.0.1:0#2" {
		t.Errorf("got listener names %s, want 127.0.0.1:0 127.0.0.1:0 127.0.0.1:0#2", got)
	}
	c := newClient(t, nil)
	for _, a := range s.Addrs() {
		if status, _, err := get(t, c, "http://"+a.String(), ""); err != nil || status != http.StatusOK {
			t.Errorf("%s: got %d %v, want 200", a, status, err)
		}
	}
	cancel()
	if err := recv(t, "Run", done); err != nil {
		t.Errorf("Run: got %v, want nil", err)
	}
}

// TestRunReadyError: when the previous process cannot be told, Run drains
// and returns the error.
func TestRunReadyError(t *testing.T) {
	leakCheck(t)
	log, _ := newLogger()
	s, _ := New(http.NotFoundHandler(), log, Options{})
	upg := newFakeUpgrader()
	upg.readyErr = errors.New("can't write PID file")
	err := run(context.Background(), RunOptions{Logger: log, Upgrader: upg}, make(chan os.Signal),
		[]Binding{Bind(s, Endpoint{Addr: "127.0.0.1:0"})})
	if err == nil || !strings.Contains(err.Error(), "can't write PID file") {
		t.Errorf("got %v, want the Ready error", err)
	}
	if s.Ready() {
		t.Error("Ready after Run: got true, want false")
	}
}

// TestRunServerShutDownElsewhere: when a server is shut down by someone
// else, Run drains the others and returns nil.
func TestRunServerShutDownElsewhere(t *testing.T) {
	leakCheck(t)
	rh := startRun(t, http.NotFoundHandler())
	if err := rh.api.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := rh.wait(t); err != nil {
		t.Errorf("Run: got %v, want nil", err)
	}
	if rh.admin.Ready() {
		t.Error("admin Ready: got true, want false")
	}
}
