package proxy

import "time"

// BackendStats is a snapshot of one backend of a Proxy, shaped for JSON
// (the admin /debug/connections endpoint lists them beside the client
// connections). Counts are since New.
type BackendStats struct {
	// Proxy is the name of the Proxy (Options.Name).
	Proxy string `json:"proxy"`
	// URL is the backend's URL.
	URL string `json:"url"`
	// Healthy is false while the backend is ejected.
	Healthy bool `json:"healthy"`
	// EjectedUntil is when the current ejection ends (the next probe is
	// due), or nil when the backend is healthy.
	EjectedUntil *time.Time `json:"ejected_until,omitempty"`
	// Ejections counts the times the backend was ejected.
	Ejections int64 `json:"ejections"`
	// Requests counts the attempts sent to the backend, retries included.
	Requests int64 `json:"requests"`
	// Errors counts the attempts that got no response: refused, reset,
	// timed out. Error statuses from the backend are responses, not errors.
	Errors int64 `json:"errors"`
	// InFlight is the requests the backend is serving now, streams and
	// upgraded connections included.
	InFlight int64 `json:"in_flight"`
	// LatencyP50, LatencyP90 and LatencyP99 are quantiles, in seconds, of
	// the time to the backend's response headers over a recent sample
	// (go-metrics' exponentially decaying one). They are 0 before the first
	// response.
	LatencyP50 float64 `json:"latency_p50_seconds"`
	LatencyP90 float64 `json:"latency_p90_seconds"`
	LatencyP99 float64 `json:"latency_p99_seconds"`
	// ConnsOpen is the connections to the backend that are open.
	ConnsOpen int64 `json:"conns_open"`
	// ConnsIdle estimates those of ConnsOpen that wait in the pool: the
	// open connections less the requests in flight, never below 0.
	ConnsIdle int64 `json:"conns_idle"`
}

// Backends returns a snapshot of the backends of p, in the order given to
// New.
func (p *Proxy) Backends() []BackendStats {
	out := make([]BackendStats, len(p.backends))
	for i, b := range p.backends {
		out[i] = p.stats(b)
	}
	return out
}

// stats returns the snapshot of b.
func (p *Proxy) stats(b *backend) BackendStats {
	q := b.latency.Percentiles([]float64{0.5, 0.9, 0.99})
	s := BackendStats{
		Proxy: p.opts.Name, URL: b.url.String(), Healthy: true,
		Ejections: b.ejections.Count(), Requests: b.requests.Count(), Errors: b.errors.Count(),
		InFlight: b.inFlight.Load(), ConnsOpen: b.connsOpen.Load(), ConnsIdle: b.idleConns(),
		LatencyP50: seconds(q[0]), LatencyP90: seconds(q[1]), LatencyP99: seconds(q[2]),
	}
	if until := b.ejectedUntil.Load(); until != 0 {
		t := time.Unix(0, until)
		s.Healthy, s.EjectedUntil = false, &t
	}
	return s
}

// seconds converts a go-metrics timer value, in nanoseconds, to seconds.
func seconds(ns float64) float64 { return ns / float64(time.Second) }
