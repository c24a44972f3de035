package proxy

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// maxDrain bounds what is read of a health check's response body.
const maxDrain = 64 << 10

// refused ejects b, whose dial failed with err, for EjectFor, and logs it
// when b was healthy.
func (p *Proxy) refused(b *backend, err error) {
	if b.eject(p.opts.now().UnixNano(), p.opts.EjectFor) {
		p.opts.Logger.Warn().Str("proxy", p.opts.Name).Str("backend", b.url.String()).Err(err).
			Dur("eject_for", p.opts.EjectFor).Msg("backend ejected")
	}
}

// answered records that b answered a request sent in the ejection epoch
// epoch: when backends come back by probing requests and b was ejected
// before the request was sent, the request was its probe, and b is back. A
// request sent before the ejection that answers after it (it was on its way
// when b failed) says nothing of b now and restores nothing.
func (p *Proxy) answered(b *backend, epoch uint64) {
	if p.byProbe && b.ejectedUntil.Load() != 0 && b.epoch.Load() == epoch && b.restore() {
		p.logBack(b)
	}
}

func (p *Proxy) logBack(b *backend) {
	p.opts.Logger.Info().Str("proxy", p.opts.Name).Str("backend", b.url.String()).Msg("backend back")
}

// startHealth starts the goroutine of the active health check.
func (p *Proxy) startHealth() {
	ctx, cancel := context.WithCancel(context.Background())
	p.stopHealth, p.healthDone = cancel, make(chan struct{})
	client := &http.Client{
		Transport:     p.transport,
		Timeout:       p.opts.HealthCheck.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	go func() {
		defer close(p.healthDone)
		t := time.NewTicker(p.opts.HealthCheck.Interval)
		defer t.Stop()
		for {
			p.probeAll(ctx, client)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// probeAll probes every backend at once and waits for the answers.
func (p *Proxy) probeAll(ctx context.Context, client *http.Client) {
	var wg sync.WaitGroup
	for _, b := range p.backends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.probe(ctx, client, b)
		}()
	}
	wg.Wait()
}

// probe GETs the health check path of b, then ejects b on a failure or
// brings it back on a success.
func (p *Proxy) probe(ctx context.Context, client *http.Client, b *backend) {
	err := get(ctx, client, healthURL(b, p.opts.HealthCheck.Path))
	if ctx.Err() != nil {
		return
	}
	if err == nil {
		if b.restore() {
			p.logBack(b)
		}
		return
	}
	if b.eject(p.opts.now().UnixNano(), max(p.opts.EjectFor, p.opts.HealthCheck.Interval)) {
		p.opts.Logger.Warn().Str("proxy", p.opts.Name).Str("backend", b.url.String()).Err(err).
			Str("health_check", p.opts.HealthCheck.Path).Msg("backend ejected")
	}
}

// healthURL is the URL of path on b, under b's own path.
func healthURL(b *backend, path string) string {
	u := *b.url
	u.Path = strings.TrimSuffix(u.Path, "/") + path
	u.RawPath = ""
	return u.String()
}

// get GETs url and returns an error unless the status is below 400.
func get(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "tonic-proxy-health-check")
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, maxDrain)) // so that the connection is reused
	if res.StatusCode >= 400 {
		return &statusError{status: res.StatusCode}
	}
	return nil
}

// statusError is a failed health check's status.
type statusError struct{ status int }

func (e *statusError) Error() string {
	return fmt.Sprintf("health check answered %d %s", e.status, http.StatusText(e.status))
}
