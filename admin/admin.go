package admin

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/internal/redact"
	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Options configures the admin handler.
type Options struct {
	// Service is the service's name, in the dashboard's header. Defaults
	// to the base name of the program (os.Args[0]).
	Service string

	// Version is the service's version, stamped into main with -ldflags -X.
	// Defaults to "dev".
	Version string

	// BuildTime is the build time, stamped like Version. Optional.
	BuildTime string

	// StartTime is when the process started. Defaults to the time New is
	// called.
	StartTime time.Time

	// MetricsNamespace prefixes the Prometheus families of the registry.
	// Defaults to "tonic".
	MetricsNamespace string

	// Servers are the servers whose in-flight requests and connections
	// /debug/requests and /debug/connections list, and whose requests
	// DELETE /debug/requests/{id} cancels: the API server, typically. The
	// server.Server that serves the admin handler itself is listed after
	// them without being named here (see server.From). Optional.
	Servers []*server.Server

	// SecretFlags adds words to those that make a command-line flag's name
	// a secret's (password, secret, token, api key, credential, ...):
	// /debug/pprof/cmdline shows the value of such a flag as "[REDACTED]",
	// as it does the password of a URL. A flag's name that contains a word
	// counts ("auth" covers -auth and -basic-auth). Optional.
	SecretFlags []string

	// Ready reports readiness for /readyz. Defaults to "every server in
	// Servers is ready" (see server.Server.Ready), or always ready without
	// servers.
	Ready func() bool
}

// admin serves the endpoints.
type admin struct {
	opts    Options
	secrets *redact.Matcher // masks secret query values in /debug/requests
	reg     metrics.Registry
	build   buildInfo
	now     func() time.Time // time.Now, but for tests
}

// New returns the admin handler, meant for a listener of its own that only
// operators reach (tonic binds it to 127.0.0.1 by default):
//
//	GET /info                 version, build and process facts (Info)
//	GET /healthz              200 while the process serves
//	GET /readyz               200 when ready, 503 before start-up ends and while draining
//	GET /metrics              the registry and the Stats of Servers in the Prometheus text exposition format
//	GET /debug/metrics        the registry as go-metrics JSON
//	GET /debug/requests       the in-flight requests of Servers, with their status history, and their load (LoadHeader)
//	DELETE /debug/requests/{id}  cancels that request's context
//	GET /debug/connections    the open connections of Servers
//	GET /debug/pprof/...      profiles: index, cmdline (secrets masked; see SecretFlags), profile, trace and named profiles
//	GET / and /debug/dashboard  the live dashboard: a page that redraws every second (see dashboard.go)
//	GET /debug/dashboard/data   the dashboard's numbers: header facts, each server's samples and slowest routes
//
// reg is the go-metrics registry served at /metrics (Prometheus text format,
// with the Go runtime and process collectors) and at /debug/metrics
// (go-metrics JSON). opts, at most one, change the defaults. New returns an
// error if reg is nil or cannot be exported, or if opts are more than one.
func New(reg metrics.Registry, opts ...Options) (*tonic.TrieServeMux, error) {
	return newAdmin(reg, time.Now, os.Args, opts)
}

// newAdmin is New with a clock and the command line.
func newAdmin(reg metrics.Registry, now func() time.Time, args []string, options []Options) (*tonic.TrieServeMux, error) {
	if reg == nil {
		return nil, errors.New("admin: New with a nil metrics.Registry")
	}
	if len(options) > 1 {
		return nil, fmt.Errorf("admin: New with %d Options, want at most one", len(options))
	}
	var opts Options
	if len(options) == 1 {
		opts = options[0]
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	if opts.Service == "" {
		opts.Service = filepath.Base(os.Args[0])
	}
	if opts.MetricsNamespace == "" {
		opts.MetricsNamespace = "tonic"
	}
	a := &admin{opts: opts, reg: reg, build: readBuildInfo(), now: now, secrets: redact.New()}
	if a.opts.Ready == nil {
		a.opts.Ready = a.serversReady
	}
	if a.opts.StartTime.IsZero() {
		a.opts.StartTime = a.now()
	}
	prom := prometheus.NewRegistry()
	if err := prom.Register(newGoMetricsCollector(reg, opts.MetricsNamespace)); err != nil {
		return nil, err
	}
	if err := prom.Register(newServerCollector(opts.Servers, opts.MetricsNamespace)); err != nil {
		return nil, err
	}
	if err := prom.Register(collectors.NewGoCollector()); err != nil {
		return nil, err
	}
	if err := prom.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
		return nil, err
	}
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/info", a.serveInfo)
	mux.HandleFunc("GET", "/healthz", a.serveHealthz)
	mux.HandleFunc("GET", "/readyz", a.serveReadyz)
	mux.Handle("GET", "/metrics", promhttp.HandlerFor(prom, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
	mux.HandleFunc("GET", "/debug/metrics", a.serveMetricsJSON)
	mux.HandleFunc("GET", "/debug/requests", a.serveRequests)
	mux.HandleFunc("DELETE", "/debug/requests/{id}", a.serveCancelRequest)
	mux.HandleFunc("GET", "/debug/connections", a.serveConnections)
	mux.HandleFunc("GET", "/debug/pprof/", servePprofIndex)
	mux.HandleFunc("GET", "/debug/pprof/cmdline", servePprofCmdline(redact.New(opts.SecretFlags...).Args(args)))
	mux.HandleFunc("GET", "/debug/pprof/profile", servePprofProfile)
	mux.HandleFunc("GET", "/debug/pprof/trace", servePprofTrace)
	mux.HandleFunc("GET", "/debug/pprof/{name}", servePprofNamed)
	a.mountDashboard(mux)
	return mux, nil
}

// serveHealthz answers GET /healthz: the process is alive.
func (a *admin) serveHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// serveReadyz answers GET /readyz: 200 when ready, else 503.
func (a *admin) serveReadyz(w http.ResponseWriter, r *http.Request) {
	if !a.opts.Ready() {
		tonic.WriteError(w, r, http.StatusServiceUnavailable,
			tonic.NewError(http.StatusServiceUnavailable, "not ready: starting up or draining"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// servers returns the servers whose tables r's answer lists: Servers, then
// the one serving r, if it is not among them.
func (a *admin) servers(r *http.Request) []*server.Server {
	self := server.From(r.Context())
	if self == nil || slices.Contains(a.opts.Servers, self) {
		return a.opts.Servers
	}
	return append(slices.Clip(a.opts.Servers), self)
}

// serversReady reports whether every server in Servers is ready.
func (a *admin) serversReady() bool {
	for _, s := range a.opts.Servers {
		if !s.Ready() {
			return false
		}
	}
	return true
}

// serveMetricsJSON answers GET /debug/metrics with go-metrics' JSON form.
func (a *admin) serveMetricsJSON(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, a.reg.GetAll())
}
