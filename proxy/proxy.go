package proxy

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httputil"
	"sync"
	"sync/atomic"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/internal/reqid"
)

// Proxy is a reverse proxy to one or more backends: an http.Handler built on
// httputil.ReverseProxy with its own pooled transport, balancing, ejection
// of backends that refuse connections, retries of requests that never
// reached a backend, and per-backend stats. See the package documentation.
type Proxy struct {
	opts      Options
	backends  []*backend
	transport *http.Transport
	rp        *httputil.ReverseProxy
	reg       metrics.Registry
	names     []string // the metrics registered in reg
	turn      atomic.Uint64
	byProbe   bool // ejected backends come back through probing requests, not a health check

	stopHealth context.CancelFunc // nil without a health check
	healthDone chan struct{}
	closeOnce  sync.Once
}

var _ http.Handler = (*Proxy)(nil)

// New returns a Proxy to the backends, each an http:// or https:// URL
// with a host, an optional port and an optional path that replaces the
// root of every proxied path ("http://10.0.0.7:8080/api" serves /x from
// /api/x). It registers each backend's metrics in reg, named
// proxy.<Name>.<host:port>.<metric> (see the package documentation).
//
// It returns an error naming the culprit when backends is empty or has more
// than MaxBackends entries, a URL is invalid, carries credentials, a query
// or a fragment, two backends share a host, reg is nil, an option is
// invalid, or a metric name is taken in reg. It panics if given more than
// one Options.
//
// With Options.HealthCheck set, New starts probing at once; Close stops it.
func New(backends []string, reg metrics.Registry, opts ...Options) (*Proxy, error) {
	if len(opts) > 1 {
		panic(fmt.Sprintf("proxy: New given %d Options; pass at most one", len(opts)))
	}
	var o Options
	if len(opts) == 1 {
		o = opts[0]
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if reg == nil {
		return nil, errors.New("proxy: New with a nil metrics.Registry")
	}
	p := &Proxy{opts: o, reg: reg, byProbe: o.HealthCheck.Path == ""}
	if p.backends, err = parseBackends(backends); err != nil {
		return nil, err
	}
	if err := p.register(); err != nil {
		return nil, err
	}
	p.transport = p.newTransport()
	p.rp = &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		Transport:      retrier{p: p, base: p.transport},
		ModifyResponse: p.modifyResponse,
		ErrorHandler:   p.serveError,
		ErrorLog:       log.New(logWriter{log: o.Logger, name: o.Name}, "", 0),
		BufferPool:     &bufferPool{},
		FlushInterval:  o.FlushInterval,
	}
	if !p.byProbe {
		p.startHealth()
	}
	return p, nil
}

// parseBackends parses the backend URLs and checks the list.
func parseBackends(raw []string) ([]*backend, error) {
	switch {
	case len(raw) == 0:
		return nil, errors.New("proxy: New with no backend")
	case len(raw) > MaxBackends:
		return nil, fmt.Errorf("proxy: New with %d backends; at most %d", len(raw), MaxBackends)
	}
	bs := make([]*backend, 0, len(raw))
	seen := map[string]string{}
	for _, s := range raw {
		b, err := parseBackend(s)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[b.dialAddr]; ok {
			return nil, fmt.Errorf("proxy: backends %q and %q have the same host and port", prev, s)
		}
		seen[b.dialAddr] = s
		bs = append(bs, b)
	}
	return bs, nil
}

// register enters the metrics of every backend in the registry, or none of
// them.
func (p *Proxy) register() error {
	for _, b := range p.backends {
		for suffix, m := range b.metrics() {
			name := "proxy." + p.opts.Name + "." + b.dialAddr + "." + suffix
			if err := p.reg.Register(name, m); err != nil {
				p.unregister()
				return fmt.Errorf("proxy: registering metric %q: %w", name, err)
			}
			p.names = append(p.names, name)
		}
	}
	return nil
}

// unregister removes the metrics that register entered.
func (p *Proxy) unregister() {
	for _, name := range p.names {
		p.reg.Unregister(name)
	}
	p.names = nil
}

// ServeHTTP proxies r to a backend. The request ID (from the context, else
// a valid incoming X-Request-ID, else a new one) goes to the backend and
// back to the client in one X-Request-ID header. Failures are tonic JSON
// errors: 502 when no backend answered, 504 when the answer took longer
// than ResponseHeaderTimeout. A failure after the response has started
// aborts the connection (http.ErrAbortHandler), as the client would
// otherwise take a truncated body for a whole one.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := newExchange(p, r)
	defer x.end()
	x.use(p.pick(0))
	w.Header()[reqid.HeaderKey] = x.ids
	r2 := r.WithContext(x)
	x.in = r2
	p.rp.ServeHTTP(w, r2)
}

// Name returns the name of p, from Options.Name.
func (p *Proxy) Name() string { return p.opts.Name }

// Close stops the health check, closes the idle connections to the
// backends and removes the metrics of p from its registry. Call it once
// the server that serves p has drained; requests p serves after Close
// still work but open connections anew. It is safe to call more than once
// and always returns nil.
func (p *Proxy) Close() error {
	p.closeOnce.Do(func() {
		if p.stopHealth != nil {
			p.stopHealth()
			<-p.healthDone
		}
		p.transport.CloseIdleConnections()
		p.unregister()
	})
	return nil
}
