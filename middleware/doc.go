// Package middleware is tonic's middleware: each piece is a constructor that
// returns a [Middleware], a plain func(http.Handler) http.Handler, so it
// composes with [Chain], with chi, with net/http's ServeMux and with tonic's
// own muxes.
//
// # Composition
//
//	stack := middleware.Chain(
//		middleware.RequestID(),
//		middleware.Logged(logger),
//		middleware.Counted(reg, ""),
//		middleware.Timed(reg, ""),
//		middleware.Recovered(logger),
//	)
//	h := stack(mux)
//
// The first middleware listed is the outermost: it sees the request first
// and the response last. Mount CORS around the mux, so that it answers the
// preflight requests of every route. (The package Example runs this stack.)
//
// Constructors take what they need as arguments and, where there is more to
// choose, one optional options struct last whose zero value means the
// defaults: Logged(logger) or Logged(logger, LogOptions{Headers: true}).
//
// # What every middleware promises
//
// Loggers and go-metrics registries are passed in; nothing is read from a
// package variable. Error responses are written with [tonic.WriteError], so
// they follow the error format the request's context selects and carry the
// request ID. Construction panics with a "middleware:" message naming the
// culprit when an argument is unusable; serving never panics on its own
// account.
//
// The handler every middleware returns has an Unwrap() http.Handler method
// that returns the handler it wraps, so that tools (the openapi package, a
// test) can see through a stack to the handler inside.
//
// All middleware that need to see the response, and the server, share one
// internal response-writer wrapper per request (whoever finds the wrapper
// already in place reuses it). It records the status, counting a response
// the handler never wrote a header for as the implicit 200, and the bytes of
// the body, and it keeps [http.Flusher], [http.Hijacker], [io.ReaderFrom] and
// Unwrap (for [http.ResponseController]) working, so streaming responses and
// websockets survive any stack. A hijacked connection has no status: it is
// logged as hijacked and not counted by status.
//
// # The request's record
//
// Every request carries a [tonic.Record] in its context, installed by the
// first tonic layer that sees it (a server.Server, or the outermost of these
// middleware). It holds the request ID, the request's start and, once a mux
// has matched it, the route. Middleware outside the mux reads the route with
// [tonic.RouteOf] after the handler returns: per-route metric names
// (Counted, Timed, CountedByStatus with an empty name) and the "route"
// field of Logged work wherever they sit in the stack, whatever replaces the
// request in between (hlog.NewHandler, an OpenTelemetry wrapper, a plain
// r.WithContext), because nothing is handed back up the request. Logged,
// Timed and the server's in-flight table all time the request from the
// record's start: one clock read per request for it.
//
// # Abandoned requests
//
// A request whose client went away while it was served (the connection
// closed, or an HTTP/2 stream was reset; see tonic.Abandoned) is not the
// server's error, whatever the handler returned: Logged writes it at info
// level with "status":499 and "abandoned":true, ApacheLogged with 499,
// CountedByStatus counts it as 499 (CountedByStatusXX in 4xx), and Counted
// and Timed count and time it apart, in ".abandoned" metrics, so that a
// route's latencies stay those of the requests that were answered.
//
// # Protection
//
// CrossOrigin refuses the writes that a page of another site makes a
// browser send (cross-site request forgery). LocalPath refuses wildcard
// values that would leave a file server's root. MaxBytes bounds bodies and
// closes the connection of a body over the bound. Logged masks the values
// of headers, JSON and form keys and query keys that name secrets.
//
// # Logging
//
// Logged builds on zerolog: handlers find the request's logger with
// zerolog.Ctx and hlog.FromRequest, and hlog's field handlers compose with
// it. The logger is made the first time a handler asks for it, so a request
// whose handlers do not log costs no logger copy. Nothing in this package
// reads or sets zerolog's package variables, except that zerolog itself
// formats with them.
package middleware
