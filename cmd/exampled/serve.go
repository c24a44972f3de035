package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/cloudflare/tableflip"
	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/tonic"
	"github.com/seed78c03fa0/tonic/tonic/admin"
)

const (
	// apiWriteTimeout bounds a response of the API: the longest sleep, and
	// time to spare.
	apiWriteTimeout = maxSleep + 30*time.Second
	// adminGracePeriod is the admin server's drain, which starts once the
	// API has drained.
	adminGracePeriod = 5 * time.Second
)

// serve runs the service with cfg until tonic.Run returns. Per-route metrics
// go to reg, the startup text to stdout and the log to stderr.
func serve(ctx context.Context, cfg config, b build, reg metrics.Registry, stdout, stderr io.Writer) error {
	// Lines are written in batches, not one system call per request; a
	// warning or an error goes out at once, and the rest after Run.
	logOut := tonic.NewLogWriter(stderr, tonic.LogWriterOptions{})
	defer logOut.Close()
	log := newLogger(cfg.logFormat, logOut, stderr)
	store, err := OpenStore(cfg.data, time.Now)
	if err != nil {
		return fmt.Errorf("-data %s: %w", cfg.data, err)
	}
	upg, err := tableflip.New(tableflip.Options{PIDFile: cfg.pidFile})
	if err != nil {
		return err
	}
	defer upg.Stop() // tonic.Run stops it too; this is for the early returns
	sec, err := handOver(upg, cfg, &log)
	if err != nil {
		return err
	}
	px, err := openProxies(cfg.proxies, reg, log)
	if err != nil {
		return err
	}
	defer px.Close() // after Run has drained the API
	api, err := tonic.NewServer(newAPI(apiOptions{store: store, log: log, registry: reg, auth: sec.auth, corsOrigins: cfg.corsOrigins, proxies: px}),
		&log, tonic.ServerOptions{Name: "api", ShutdownDelay: cfg.shutdownDelay, WriteTimeout: apiWriteTimeout})
	if err != nil {
		return err
	}
	adm, err := newAdminServer(api, b, reg, &log)
	if err != nil {
		return err
	}
	apiEndpoints := []tonic.Endpoint{{Addr: cfg.listen}}
	if sec.tls != nil {
		apiEndpoints = append(apiEndpoints, tonic.Endpoint{Addr: cfg.tlsListen, TLSConfig: sec.tls.TLSConfig()})
	}
	opts := tonic.RunOptions{Logger: &log, Upgrader: &announcer{Upgrader: upg, announce: func(addrs []net.Addr) {
		writeStartup(stdout, startup{build: b, pid: os.Getpid(), listeners: listeners(addrs), data: cfg.data,
			auth: sec.auth, generated: sec.generated.Auth != "", pin: sec.pin})
	}}}
	if sec.reloadable {
		opts.Reloaders = []tonic.Reloader{sec.tls}
	}
	log.Info().Str("version", b.version).Int("pid", os.Getpid()).Str("data", cfg.data).Msg("starting")
	return tonic.Run(ctx, opts, tonic.Bind(adm, tonic.Endpoint{Addr: cfg.admin}), tonic.Bind(api, apiEndpoints...))
}

// handOver resolves the credentials and certificate, taking over those the
// previous process generated, and hands them to the next one.
func handOver(fds fileHandoff, cfg config, log *zerolog.Logger) (secrets, error) {
	inherited, err := inherit(fds)
	if err != nil {
		log.Warn().Err(err).Msg("generating new secrets")
	}
	sec, err := resolveSecrets(cfg, inherited, log, time.Now())
	if err != nil {
		return sec, err
	}
	if err := bequeath(fds, sec.generated); err != nil {
		log.Warn().Err(err).Msg("a restart will generate new secrets")
	}
	return sec, nil
}

// listeners names the addresses Run listened on, in the order of the
// bindings: admin, api, api-tls.
func listeners(addrs []net.Addr) []listener {
	names := []listener{{name: "admin", scheme: "http"}, {name: "api", scheme: "http"}, {name: "api-tls", scheme: "https"}}
	var ls []listener
	for i, a := range addrs {
		if i < len(names) {
			l := names[i]
			l.addr = a
			ls = append(ls, l)
		}
	}
	return ls
}

// newAdminServer returns the admin server, whose handler lists the API
// server and itself.
func newAdminServer(api *tonic.Server, b build, reg metrics.Registry, log *zerolog.Logger) (*tonic.Server, error) {
	h := &lateHandler{}
	adm, err := tonic.NewServer(h, log, tonic.ServerOptions{Name: "admin", GracePeriod: adminGracePeriod})
	if err != nil {
		return nil, err
	}
	h.Handler, err = admin.New(admin.Options{Version: b.version, BuildTime: b.time, Registry: reg,
		Servers: []*tonic.Server{api, adm}, Ready: api.Ready})
	return adm, err
}

// lateHandler serves with Handler, set before the server serves: the admin
// handler lists the admin server, which must exist first.
type lateHandler struct {
	http.Handler
}

// newLogger returns the logger of the service: JSON lines on w, or lines for
// people, with the time.
func newLogger(format string, w *tonic.LogWriter, term io.Writer) zerolog.Logger {
	if format == "console" {
		return zerolog.New(zerolog.ConsoleWriter{Out: w, NoColor: !isTerminal(term), TimeFormat: time.RFC3339}).
			With().Timestamp().Logger()
	}
	return zerolog.New(w).With().Timestamp().Logger()
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
