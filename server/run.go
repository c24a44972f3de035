package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// action is what Run does on a signal.
type action int

const (
	actIgnore  action = iota
	actStop           // SIGTERM, SIGINT: drain and return; a second one closes at once
	actReload         // SIGHUP: call the Reloaders
	actStacks         // SIGUSR1: log every goroutine's stack
	actUpgrade        // SIGUSR2: zero-downtime restart
)

// Run serves each binding's server on its endpoints, handles the signals of
// a production service, and returns once the servers have stopped. It is
// meant for main:
//
//   - SIGTERM, SIGINT, or ctx done: Run drains the servers (see
//     Server.Shutdown) and returns nil, or the drain's error if requests
//     had to be aborted. A second SIGTERM or SIGINT during the drain closes
//     everything at once and returns ErrForcedStop.
//   - SIGUSR2: a zero-downtime restart with github.com/cloudflare/tableflip.
//     A new process of the same executable, with the same arguments and
//     environment, inherits the listeners; once it has called Run and is
//     serving, this Run drains its servers (without ShutdownDelay: the new
//     process serves on the same sockets) and returns nil. If the new
//     process fails or is not ready within UpgradeTimeout, this one keeps
//     serving. One upgrade runs at a time.
//   - SIGHUP: the Reloaders are reloaded, such as TLS certificates.
//   - SIGUSR1: the stacks of all goroutines are written to the log.
//
// Listeners come from the Upgrader, so that they survive restarts. The
// servers stop one after the other, the last binding first, each within its
// own grace period: give the admin server first, so that it keeps answering
// /readyz and /debug/requests while the others drain. Run may be called once
// per process with the default Upgrader.
func Run(ctx context.Context, opts RunOptions, bindings ...Binding) error {
	return run(ctx, opts, nil, bindings)
}

// run is Run, taking its signals from sigs when it is not nil (tests send
// them there) instead of asking the OS.
func run(ctx context.Context, opts RunOptions, sigs <-chan os.Signal, bindings []Binding) error {
	if err := opts.validate(bindings); err != nil {
		return err
	}
	upg, err := opts.upgrader()
	if err != nil {
		return err
	}
	r := &runner{opts: opts, log: opts.Logger, upg: upg, bindings: bindings, upgradeDone: make(chan error, 1)}
	defer r.stopUpgrader()
	sigs, stopSignals := r.signals(sigs)
	defer stopSignals()
	lns, err := r.listen()
	if err != nil {
		return err
	}
	r.serve(lns)
	if err := upg.Ready(); err != nil {
		return errors.Join(fmt.Errorf("server: Run: telling the previous process: %w", err), r.drain(sigs, false))
	}
	r.log.Info().Int("pid", os.Getpid()).Msg("ready")
	if opts.OnReady != nil {
		opts.OnReady()
	}
	return r.loop(ctx, sigs)
}

// runner is the state of one call of Run.
type runner struct {
	opts     RunOptions
	log      zerolog.Logger
	upg      Upgrader
	bindings []Binding

	serveErr    chan error // the results of Server.Serve
	serving     int        // Serve calls that have not returned
	upgradeDone chan error // the result of Upgrader.Upgrade
	upgrading   bool
}

// signals returns the channel of signals, given or else from the OS, and a
// function that stops them.
func (r *runner) signals(given <-chan os.Signal) (<-chan os.Signal, func()) {
	if given != nil {
		return given, func() {}
	}
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, osSignals()...)
	return ch, func() { signal.Stop(ch) }
}

// listen opens the listeners of every binding, in order, through the
// Upgrader. On error it closes those already open.
func (r *runner) listen() ([][]net.Listener, error) {
	seen := make(map[string]int)
	lns := make([][]net.Listener, len(r.bindings))
	for i, b := range r.bindings {
		for _, ep := range b.Endpoints {
			ln, err := r.listenOn(ep, seen)
			if err != nil {
				for _, l := range lns {
					closeAll(l)
				}
				return nil, fmt.Errorf("server: Run: server %s: %w", b.Server.name, err)
			}
			lns[i] = append(lns[i], ln)
			r.log.Info().Str("server", b.Server.name).Str("addr", ln.Addr().String()).
				Bool("tls", ep.TLSConfig != nil).Msg("listening")
		}
	}
	return lns, nil
}

// listenOn returns the listener of ep. tableflip names an inherited
// listener by network and address, so the second endpoint on the same
// address (port 0 twice, in tests) gets the name "addr#2".
func (r *runner) listenOn(ep Endpoint, seen map[string]int) (net.Listener, error) {
	network := cmp.Or(ep.Network, "tcp")
	name := ep.Addr
	if n := seen[network+" "+ep.Addr]; n > 0 {
		name = fmt.Sprintf("%s#%d", ep.Addr, n+1)
	}
	seen[network+" "+ep.Addr]++
	ln, err := r.upg.ListenWithCallback(network, name, func(network, _ string) (net.Listener, error) {
		return net.Listen(network, ep.Addr)
	})
	if err != nil {
		return nil, fmt.Errorf("listening on %s %s: %w", network, ep.Addr, err)
	}
	if ep.TLSConfig != nil {
		ln = TLSListener(ln, ep.TLSConfig)
	}
	return ln, nil
}

func closeAll(lns []net.Listener) {
	for _, ln := range lns {
		ln.Close()
	}
}

// serve starts serving each binding's server on its listeners.
func (r *runner) serve(lns [][]net.Listener) {
	r.serveErr = make(chan error, len(r.bindings))
	for i, b := range r.bindings {
		wait := b.Server.serve(lns[i]) // the addresses are known when this returns
		go func() { r.serveErr <- wait() }()
	}
	r.serving = len(r.bindings)
}

// loop waits for a reason to stop, handling signals meanwhile.
func (r *runner) loop(ctx context.Context, sigs <-chan os.Signal) error {
	for {
		select {
		case <-ctx.Done():
			r.log.Info().Msg("context done: draining")
			return r.drain(sigs, true)
		case <-r.upg.Exit():
			r.log.Info().Msg("the new process serves: draining")
			return r.drain(sigs, false)
		case err := <-r.serveErr:
			r.serving--
			return r.serveStopped(err, sigs)
		case err := <-r.upgradeDone:
			r.upgraded(err)
		case sig := <-sigs:
			if signalAction(sig) == actStop {
				r.log.Info().Str("signal", sig.String()).Msg("draining")
				return r.drain(sigs, true)
			}
			r.handle(sig, false)
		}
	}
}

// serveStopped drains the other servers after one stopped serving: because
// its listener failed (Run returns the error), or because it was shut down
// from elsewhere.
func (r *runner) serveStopped(err error, sigs <-chan os.Signal) error {
	if errors.Is(err, ErrServerClosed) {
		r.log.Info().Msg("a server was shut down: draining the others")
		return r.drain(sigs, false)
	}
	r.log.Error().Err(err).Msg("a server stopped serving: draining the others")
	return errors.Join(err, r.drain(sigs, false))
}

// handle does what sig asks, other than stopping.
func (r *runner) handle(sig os.Signal, draining bool) {
	switch signalAction(sig) {
	case actReload:
		r.reload()
	case actStacks:
		r.stacks()
	case actUpgrade:
		if draining {
			r.log.Warn().Msg("draining: upgrade refused")
			return
		}
		r.upgrade()
	}
}

// upgrade starts an upgrade unless one is in progress.
func (r *runner) upgrade() {
	if r.upgrading {
		r.log.Warn().Msg("an upgrade is already in progress: upgrade refused")
		return
	}
	r.upgrading = true
	r.log.Info().Msg("upgrading: starting a new process")
	go func() { r.upgradeDone <- r.upg.Upgrade() }()
}

// upgraded logs the result of an upgrade.
func (r *runner) upgraded(err error) {
	r.upgrading = false
	if err != nil {
		r.log.Error().Err(err).Msg("upgrade failed: still serving")
		return
	}
	r.log.Info().Msg("upgrade done: the new process is ready")
}

// reload reloads every Reloader, logging failures.
func (r *runner) reload() {
	failed := 0
	for i, rl := range r.opts.Reloaders {
		if err := rl.Reload(); err != nil {
			failed++
			r.log.Error().Err(err).Int("reloader", i).Msg("reload failed: keeping the previous configuration")
		}
	}
	r.log.Info().Int("reloaders", len(r.opts.Reloaders)).Int("failed", failed).Msg("reloaded")
}

// stacks writes the stacks of all goroutines to the log.
func (r *runner) stacks() {
	var b strings.Builder
	if err := pprof.Lookup("goroutine").WriteTo(&b, 2); err != nil {
		r.log.Error().Err(err).Msg("writing goroutine stacks")
		return
	}
	r.log.Info().Str("stacks", b.String()).Msg("goroutine stacks")
}

// drain stops upgrades and shuts the servers down, handling signals
// meanwhile: a second stop signal closes everything at once.
func (r *runner) drain(sigs <-chan os.Signal, withDelay bool) error {
	r.stopUpgrader()
	done := make(chan error, 1)
	go func() { done <- r.shutdownAll(withDelay) }()
	for {
		select {
		case err := <-done:
			r.finish()
			return err
		case err := <-r.upgradeDone:
			r.upgraded(err)
		case err := <-r.serveErr:
			r.serving--
			r.logServeErr(err)
		case sig := <-sigs:
			if signalAction(sig) == actStop {
				r.log.Warn().Str("signal", sig.String()).Msg("second signal: closing everything at once")
				r.closeAll()
				<-done
				r.finish()
				return ErrForcedStop
			}
			r.handle(sig, true)
		}
	}
}

// shutdownAll shuts the servers down one after the other, the last first.
func (r *runner) shutdownAll(withDelay bool) error {
	var errs []error
	for i := len(r.bindings) - 1; i >= 0; i-- {
		s := r.bindings[i].Server
		var delay time.Duration
		if withDelay {
			delay = s.opts.ShutdownDelay
		}
		if err := s.shutdown(context.Background(), delay); err != nil && !errors.Is(err, ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (r *runner) closeAll() {
	for _, b := range r.bindings {
		b.Server.Close()
	}
}

// finish waits for the Serve calls and the upgrade in progress to return.
func (r *runner) finish() {
	for ; r.serving > 0; r.serving-- {
		r.logServeErr(<-r.serveErr)
	}
	if r.upgrading {
		r.upgraded(<-r.upgradeDone)
	}
}

func (r *runner) logServeErr(err error) {
	if !errors.Is(err, ErrServerClosed) {
		r.log.Error().Err(err).Msg("a server stopped serving")
	}
}

// stopUpgrader stops upgrades, which closes the listening sockets the
// Upgrader keeps for a new process, and waits for it to be done.
func (r *runner) stopUpgrader() {
	r.upg.Stop()
	<-r.upg.Exit()
}
