package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/cloudflare/tableflip"
	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/admin"
	"github.com/seed78c03fa0/tonic/server"
)

const (
	// apiWriteTimeout bounds a response of the API: the longest sleep, and
	// time to spare.
	apiWriteTimeout = maxSleep + 30*time.Second
	// adminGracePeriod is the admin server's drain, which starts once the
	// API has drained.
	adminGracePeriod = 5 * time.Second
	// adminMaxConnections and adminMaxInFlight keep the admin server small:
	// it lives on the file descriptors that the API's default
	// MaxConnections leaves to the rest of the process, so that it answers
	// while the API is full.
	adminMaxConnections = 32
	adminMaxInFlight    = 16
)

// serve runs the service with cfg until server.Run returns. Per-route
// metrics go to reg, the startup text to stdout and the log to stderr.
func serve(ctx context.Context, cfg config, b build, reg metrics.Registry, stdout, stderr io.Writer) error {
	// Lines are written in batches, not one system call per request; a
	// warning or an error goes out at once, and the rest after Run.
	logOut := server.NewLogWriter(stderr)
	defer logOut.Close()
	log := newLogger(cfg.logFormat, logOut, stderr)
	if cfg.authInArgs {
		log.Warn().Msg("-auth on the command line: every local user can read it (ps, /proc/PID/cmdline); " +
			"give it in EXAMPLED_AUTH or a file named by -auth-file (the admin's /debug/pprof/cmdline hides it)")
	}
	store, err := OpenStore(cfg.data, time.Now)
	if err != nil {
		return fmt.Errorf("-data %s: %w", cfg.data, err)
	}
	upg, err := tableflip.New(tableflip.Options{PIDFile: cfg.pidFile})
	if err != nil {
		return err
	}
	defer upg.Stop() // server.Run stops it too; this is for the early returns
	sec, err := handOver(upg, cfg, &log)
	if err != nil {
		return err
	}
	px, err := openProxies(cfg.proxies, reg, log)
	if err != nil {
		return err
	}
	defer px.Close() // after Run has drained the API
	apiHandler, _, err := newAPI(apiOptions{store: store, log: log, registry: reg, auth: sec.auth,
		corsOrigins: cfg.corsOrigins, proxies: px, version: b.version})
	if err != nil {
		return err
	}
	api, err := server.New(apiHandler, log, server.Options{Name: "api", ShutdownDelay: cfg.shutdownDelay, WriteTimeout: apiWriteTimeout})
	if err != nil {
		return err
	}
	adminHandler, err := admin.New(reg, admin.Options{Service: "exampled", Version: b.version, BuildTime: b.time,
		Servers: []*server.Server{api}, Ready: api.Ready, SecretFlags: []string{"auth"}})
	if err != nil {
		return err
	}
	adm, err := server.New(adminHandler, log, server.Options{Name: "admin", GracePeriod: adminGracePeriod,
		MaxConnections: adminMaxConnections, MaxInFlight: adminMaxInFlight})
	if err != nil {
		return err
	}
	apiEndpoints := []server.Endpoint{{Addr: cfg.listen}}
	if sec.tls != nil {
		apiEndpoints = append(apiEndpoints, server.Endpoint{Addr: cfg.tlsListen, TLSConfig: sec.tls.TLSConfig()})
	}
	opts := server.RunOptions{Logger: log, Upgrader: upg, OnReady: func() {
		writeStartup(stdout, startup{build: b, pid: os.Getpid(), listeners: listeners(adm.Addrs(), api.Addrs()), data: cfg.data,
			auth: sec.auth, generated: sec.generated.Auth != "", pin: sec.pin})
	}}
	if sec.reloadable {
		opts.Reloaders = []server.Reloader{sec.tls}
	}
	log.Info().Str("version", b.version).Int("pid", os.Getpid()).Str("data", cfg.data).Msg("starting")
	return server.Run(ctx, opts, server.Bind(adm, server.Endpoint{Addr: cfg.admin}), server.Bind(api, apiEndpoints...))
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

// listeners names the addresses the servers listen on: admin, then api and
// api-tls.
func listeners(admin, api []net.Addr) []listener {
	var ls []listener
	for _, a := range admin {
		ls = append(ls, listener{name: "admin", scheme: "http", addr: a})
	}
	names := []listener{{name: "api", scheme: "http"}, {name: "api-tls", scheme: "https"}}
	for i, a := range api {
		if i < len(names) {
			l := names[i]
			l.addr = a
			ls = append(ls, l)
		}
	}
	return ls
}

// newLogger returns the logger of the service: JSON lines on w, or lines for
// people, with the time.
func newLogger(format string, w *server.LogWriter, term io.Writer) zerolog.Logger {
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
