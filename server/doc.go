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
// grace period, then stragglers logged and canceled (ErrShuttingDown): a
// handler that returns on its canceled context within a second answers 503
// "shutting_down"; the connections of those that do not are closed.
//
// # Shedding load
//
// A full server answers at once instead of letting every request wait.
// Options.MaxConnections bounds the open connections (by default the limit
// on open files less a tenth of it, at least 64, which stays free for the
// admin listener and the process's files); a connection beyond it has its
// requests answered 503 "overloaded" with Retry-After and is closed, and
// when too many such connections wait already, a new one is closed as soon
// as it is accepted. Options.MaxInFlight bounds the requests served at once
// (by default 256 per CPU); a request beyond it gets the same 503 on a
// connection that stays open. Stats counts both in Shed and reports the
// connections and requests in flight; the admin package shows them on
// /metrics and /debug/requests, and the server warns, at most every ten
// seconds, while it sheds.
//
// # Request framing
//
// A request whose body's length two readers could read differently is
// never followed on its connection. A request that carries both
// Content-Length and Transfer-Encoding (a request-smuggling attempt, RFC
// 9112 section 6.3) is served by its Transfer-Encoding, as net/http does,
// and its HTTP/1 connection is closed after the response, whatever the
// handler and the middleware do; the server logs it at warn level. net/http
// hides the Content-Length of such a request from handlers, so the server
// watches the header lines of each plain connection; under TLS, where it
// cannot, every HTTP/1 request with a Transfer-Encoding closes its
// connection. Likewise a body over a limit (413 from marshal or
// middleware.MaxBytes, or a read past http.MaxBytesReader) closes its
// connection rather than reading on to the next request.
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
