package server

import (
	"sync"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// SampleHistory is the number of samples a Server keeps: one a second for
// the last ten minutes.
const SampleHistory = 600

// sampleEvery is the time between two samples.
const sampleEvery = time.Second

// Sample is what a Server and its process did during one second, as
// Server.Samples reports it for the admin dashboard. Counts are of the
// second that ends at Time; levels are taken at Time.
type Sample struct {
	Time time.Time
	// Ready and Draining are the server's state (see Server.Ready and
	// Server.Draining).
	Ready, Draining bool

	// Requests counts the requests that ended during the second, ByClass
	// them by status class as Stats does (ByClass[0]: hijacked).
	Requests uint64
	ByClass  [6]uint64
	// Abandoned counts the requests whose client went away, Shed those
	// refused because the server was full.
	Abandoned, Shed uint64
	// P50 and P99 are the median and 99th percentile of the durations of
	// the requests that ended during the second, to within 12.5%; 0
	// without requests.
	P50, P99 time.Duration

	// InFlight is the number of requests being served at Time, Oldest the
	// age of the oldest of them.
	InFlight int
	Oldest   time.Duration
	// Connections is the number of open connections at Time.
	Connections int

	// Process is the whole process, whichever server took the sample.
	Process ProcessSample
}

// sampler takes a Sample every second into a ring of SampleHistory, from
// Serve until Shutdown or Close. The ring's lock is taken once a second and
// by readers, never on the request path.
type sampler struct {
	mu      sync.Mutex // guards the fields below
	ring    [SampleHistory]Sample
	next    int // the index of the next sample
	n       int // samples in the ring
	started bool
	stopped bool
	quit    chan struct{}
	done    chan struct{}

	// Owned by the sampling goroutine.
	proc      *processSampler
	prevStats Stats
	prevLat   latencyCounts
	curLat    latencyCounts
}

// startSampler starts the sampling goroutine of s, once, unless it has been
// stopped.
func (s *Server) startSampler() {
	sp := &s.sampler
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.started || sp.stopped {
		return
	}
	sp.started = true
	sp.quit, sp.done = make(chan struct{}), make(chan struct{})
	s.initSampler()
	go s.runSampler(sp.quit, sp.done)
}

// initSampler sets the starting point of the first sample's differences.
func (s *Server) initSampler() {
	sp := &s.sampler
	sp.proc = newProcessSampler()
	sp.prevStats = s.stats.snapshot()
	s.stats.latency.load(&sp.prevLat)
}

// stopSampler stops the sampling goroutine of s and waits for it to end.
// The samples stay readable.
func (s *Server) stopSampler() {
	sp := &s.sampler
	sp.mu.Lock()
	if sp.stopped {
		sp.mu.Unlock()
		return
	}
	sp.stopped = true
	started := sp.started
	sp.mu.Unlock()
	if started {
		close(sp.quit)
		<-sp.done
	}
}

// runSampler takes a sample every second until quit is closed.
func (s *Server) runSampler(quit <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for {
		select {
		case <-quit:
			return
		case now := <-t.C:
			s.sampler.add(s.takeSample(now))
		}
	}
}

// takeSample returns the sample of the second that ends at now. Only the
// sampling goroutine (or a test, instead of it) calls it.
func (s *Server) takeSample(now time.Time) Sample {
	sp := &s.sampler
	st := s.stats.snapshot()
	s.stats.latency.load(&sp.curLat)
	out := Sample{
		Time: now, Ready: s.Ready(), Draining: s.Draining(),
		Requests: st.Requests - sp.prevStats.Requests, Abandoned: st.Abandoned - sp.prevStats.Abandoned,
		Shed: st.Shed - sp.prevStats.Shed, Connections: s.conns.count(), Process: sp.proc.read(),
	}
	for i := range st.ByClass {
		out.ByClass[i] = st.ByClass[i] - sp.prevStats.ByClass[i]
	}
	out.P50, _ = percentile(&sp.curLat, &sp.prevLat, 0.50)
	out.P99, _ = percentile(&sp.curLat, &sp.prevLat, 0.99)
	s.reqs.each(func(rec *tonic.Record) {
		out.InFlight++
		out.Oldest = max(out.Oldest, now.Sub(rec.Start()))
	})
	sp.prevStats, sp.prevLat = st, sp.curLat
	return out
}

// add puts smp in the ring, over the oldest sample once it is full.
func (sp *sampler) add(smp Sample) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.ring[sp.next] = smp
	sp.next = (sp.next + 1) % SampleHistory
	sp.n = min(sp.n+1, SampleHistory)
}

// since returns the samples taken after t, oldest first.
func (sp *sampler) since(t time.Time) []Sample {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	out := make([]Sample, 0, sp.n)
	for i := range sp.n {
		smp := &sp.ring[(sp.next-sp.n+i+SampleHistory)%SampleHistory]
		if smp.Time.After(t) {
			out = append(out, *smp)
		}
	}
	return out
}

// Samples returns the samples s has taken after t, oldest first: one a
// second from Serve until Shutdown or Close, for the last ten minutes
// (SampleHistory). Pass the zero time for all of them.
func (s *Server) Samples(t time.Time) []Sample { return s.sampler.since(t) }

// Draining reports whether Shutdown or Close has been called on s.
func (s *Server) Draining() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}
