package server

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/cloudflare/tableflip"
	"github.com/rs/zerolog"
)

// Reloader is implemented by what Run reloads on SIGHUP, such as a Config
// of tonic's tls package, which reads its certificate files again. A failed
// Reload must keep the old configuration.
type Reloader interface {
	Reload() error
}

// Upgrader hands the listening sockets of one process to the next during a
// zero-downtime restart. *tableflip.Upgrader implements it, which Run uses
// unless RunOptions.Upgrader says otherwise.
type Upgrader interface {
	// ListenWithCallback returns the listener inherited from the previous
	// process under (network, addr), or else one made by callback.
	ListenWithCallback(network, addr string, callback func(network, addr string) (net.Listener, error)) (net.Listener, error)
	// Ready tells the previous process, if any, that this one serves.
	Ready() error
	// Upgrade starts a new process with the listeners and returns once it
	// is ready, or with an error if it failed.
	Upgrade() error
	// Exit is closed when this process must drain and exit: after a
	// successful Upgrade, or after Stop.
	Exit() <-chan struct{}
	// Stop prevents upgrades, stops one in progress, and closes Exit.
	Stop()
}

var _ Upgrader = (*tableflip.Upgrader)(nil)

// Endpoint is an address that Run listens on for a server.
type Endpoint struct {
	// Network is "tcp", "tcp4", "tcp6" or "unix". Defaults to "tcp".
	Network string
	// Addr is the address, e.g. "127.0.0.1:8000" or ":8443". Port 0 picks a
	// free port, which Run logs and Server.Addrs reports; the port is kept
	// across upgrades.
	Addr string
	// TLSConfig, if not nil, makes it an HTTPS endpoint, served through
	// TLSListener: e.g. the TLSConfig() of a Config of tonic's tls package.
	// Defaults to nil: plain HTTP.
	TLSConfig *tls.Config
}

// Binding is a server and the endpoints Run serves it on.
type Binding struct {
	Server    *Server
	Endpoints []Endpoint
}

// Bind returns the Binding of s to endpoints.
func Bind(s *Server, endpoints ...Endpoint) Binding {
	return Binding{Server: s, Endpoints: endpoints}
}

// RunOptions configures Run.
type RunOptions struct {
	// Logger receives Run's log lines: the addresses served, signals,
	// reloads, upgrades and goroutine stacks. Defaults to the zero
	// zerolog.Logger, which writes nothing.
	Logger zerolog.Logger

	// PIDFile, if not empty, is written with the process ID once the
	// servers serve, and again by each new process after an upgrade, for
	// systemd's PIDFile=. Defaults to none. It needs the default Upgrader.
	PIDFile string

	// UpgradeTimeout is how long a new process has to become ready before
	// the upgrade fails and it is killed. Defaults to one minute
	// (tableflip.DefaultUpgradeTimeout). It needs the default Upgrader.
	UpgradeTimeout time.Duration

	// Reloaders are reloaded, in order, on SIGHUP.
	Reloaders []Reloader

	// Upgrader, if not nil, replaces the tableflip.Upgrader that Run makes
	// (tableflip allows one per process). Run stops it when it returns.
	Upgrader Upgrader

	// OnReady, if not nil, is called once, when every server serves on its
	// listeners and the previous process, if any, has been told: the
	// moment to announce the addresses (Server.Addrs gives the ports that
	// port 0 was given).
	OnReady func()
}

// validate checks opts and bindings.
func (opts RunOptions) validate(bindings []Binding) error {
	if opts.Upgrader != nil && (opts.PIDFile != "" || opts.UpgradeTimeout != 0) {
		return errors.New("server: RunOptions.PIDFile and UpgradeTimeout configure the default Upgrader; give them to your own")
	}
	if len(bindings) == 0 {
		return errors.New("server: Run with no server")
	}
	for i, b := range bindings {
		if b.Server == nil {
			return fmt.Errorf("server: Run: binding %d has a nil Server", i)
		}
		if len(b.Endpoints) == 0 {
			return fmt.Errorf("server: Run: server %s has no endpoint", b.Server.name)
		}
		for _, ep := range b.Endpoints {
			if err := ep.validate(); err != nil {
				return fmt.Errorf("server: Run: server %s: %w", b.Server.name, err)
			}
		}
	}
	for i, r := range opts.Reloaders {
		if r == nil {
			return fmt.Errorf("server: RunOptions.Reloaders[%d] is nil", i)
		}
	}
	return nil
}

// upgrader returns opts.Upgrader, or else a new tableflip.Upgrader.
func (opts RunOptions) upgrader() (Upgrader, error) {
	if opts.Upgrader != nil {
		return opts.Upgrader, nil
	}
	upg, err := tableflip.New(tableflip.Options{PIDFile: opts.PIDFile, UpgradeTimeout: opts.UpgradeTimeout})
	if err != nil {
		return nil, fmt.Errorf("server: Run: %w", err)
	}
	return upg, nil
}

// validate checks that ep can be listened on.
func (ep Endpoint) validate() error {
	if ep.Addr == "" {
		return errors.New("an endpoint has no Addr")
	}
	c := ep.TLSConfig
	if c != nil && len(c.Certificates) == 0 && c.GetCertificate == nil && c.GetConfigForClient == nil {
		return fmt.Errorf("the TLSConfig of endpoint %s has no Certificates, GetCertificate or GetConfigForClient", ep.Addr)
	}
	return nil
}
