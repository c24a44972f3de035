package proxy

// pick returns the index of the backend for a request that has already
// tried the backends whose bits are set in tried, or -1 when it has tried
// them all.
//
// Without a health check, a backend whose ejection is over is claimed for a
// probe first, so that it comes back as soon as it answers; with one, an
// ejected backend waits for the check to pass. Otherwise the healthy backends are
// balanced: the next in turn (RoundRobin) or the one with the fewest
// requests in flight, ties taken in turn (LeastInFlight). When every
// untried backend is ejected, the one whose ejection ends first is tried
// anyway: a blip that ejected them all must not fail requests for a whole
// cool-down.
func (p *Proxy) pick(tried uint64) int {
	n := len(p.backends)
	start := int(p.turn.Add(1) % uint64(n))
	var now int64 // read once, when an ejected backend is met
	best, fallback := -1, -1
	var bestLoad, fallbackUntil int64
	for i := range n {
		j := start + i
		if j >= n {
			j -= n
		}
		if tried&(1<<j) != 0 {
			continue
		}
		b := p.backends[j]
		if until := b.ejectedUntil.Load(); until != 0 {
			if now == 0 {
				now = p.opts.now().UnixNano()
			}
			if p.byProbe && b.claim(now, p.opts.EjectFor) {
				return j
			}
			if fallback < 0 || until < fallbackUntil {
				fallback, fallbackUntil = j, until
			}
			continue
		}
		if p.opts.Balance == RoundRobin {
			return j
		}
		if load := b.inFlight.Load(); best < 0 || load < bestLoad {
			best, bestLoad = j, load
		}
	}
	if best >= 0 {
		return best
	}
	return fallback
}
