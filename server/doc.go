// Package server runs tonic services in production: a Server around
// net/http's with safe defaults, the live tables of its connections and
// in-flight requests, a drain that never hangs, and Run, the main loop that
// answers the signals of a service and restarts it with zero downtime.
//
// # Server
//
// New wraps an http.Server with safe defaults (ReadHeaderTimeout 10s,
// ReadTimeout and WriteTimeout 30s, IdleTimeout 120s, MaxHeaderBytes 64 KiB,
// a 25s grace period; see Options) and refuses a configuration that would
// read request headers with no time limit. It serves any number of plain and
// TLS listeners (TLSListener), and gives every request a tonic.Record (see
// tonic.Track) as its context: the request's ID (a well-formed incoming
// X-Request-ID, or a new one), its start, its entry in the in-flight table
// (Requests) and a context that CancelRequest can cancel. The middleware and
// muxes below share that record. Connections lists the open connections.
// Shutdown drains in order: readiness off, the optional delay, listeners
// closed, idle connections closed, in-flight requests finished within the
// grace period, stragglers logged and cut off.
//
// # Numbers
//
// A Server counts what it serves (Stats: requests by status class,
// abandoned, shed), times every request from its record's start to its end
// into a lock-free latency histogram (log-linear buckets, one atomic add),
// and keeps a summary per matched route (Routes: count, 5xx, total and
// longest time, bounded to 512 routes). From Serve until Shutdown or Close,
// one goroutine takes a Sample every second into a ring of the last ten
// minutes (Samples): the second's requests by class, abandoned, shed, p50
// and p99, the in-flight requests and the oldest one's age, the open
// connections, and the process's resident memory, heap in use, idle and
// released, longest GC pause and goroutines (runtime/metrics, and
// /proc/self/statm on Linux). The admin dashboard draws them. The request
// path pays the histogram and the route summary, about 0.1µs under
// contention (BenchmarkRequestAccounting); the sampling goroutine and the
// ring's lock stay off it.
//
// LogWriter batches a busy service's log lines for a file or standard
// error, so that an access log costs no system call per request.
//
// # Run
//
// Run is the helper for main: it serves every server on listeners inherited
// through github.com/cloudflare/tableflip and answers the signals: SIGTERM
// and SIGINT drain and exit, a second one exits at once, SIGUSR2 upgrades
// into a new binary with zero downtime, SIGHUP reloads certificates and
// SIGUSR1 logs every goroutine's stack. RunOptions.OnReady is called once
// everything serves, to announce the addresses.
//
// The admin package serves the tables of a Server, its metrics and
// profiles on a listener of their own.
package server
