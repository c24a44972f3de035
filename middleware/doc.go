// Package middleware is tonic's middleware: each piece is a constructor that
// returns a [Middleware], a plain func(http.Handler) http.Handler, so it
// composes with [Chain], with chi, with net/http's ServeMux and with tonic's
// own muxes.
//
// # Composition
//
//	mux := tonic.NewTrieServeMux()
//	mux.Handle("GET", "/users/{id}", getUser)
//	stack := middleware.Chain(
//		middleware.RequestID(),
//		middleware.Logged(logger, middleware.LogOptions{}),
//		middleware.Counted(reg, ""),
//		middleware.Timed(reg, ""),
//		middleware.Recovered(logger),
//	)
//	srv.Handler = stack(mux)
//
// The first middleware listed is the outermost: it sees the request first
// and the response last. Mount CORS around the mux, so that it answers the
// preflight requests of every route.
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
// All middleware that need to see the response share one internal
// response-writer wrapper per request (a middleware that finds the wrapper
// already in place reuses it). It records the status, counting a response
// the handler never wrote a header for as the implicit 200, and the bytes of
// the body, and it keeps [http.Flusher], [http.Hijacker], [io.ReaderFrom] and
// Unwrap (for [http.ResponseController]) working, so streaming responses and
// websockets survive any stack. A hijacked connection has no status: it is
// logged as hijacked and not counted by status. Durations are measured by
// the middleware that reports them (Logged with its LogOptions.Now clock,
// Timed), each over its own span.
//
// # Logging
//
// Logged builds on zerolog: the request's logger lives in the context,
// where zerolog.Ctx and hlog.FromRequest find it, and hlog's field handlers
// compose with it. Tests fix the time of log lines with a hook on their own
// logger; nothing in this package reads or sets zerolog's package
// variables except that zerolog itself formats with them.
//
// # Route patterns
//
// Middleware mounted outside a mux learns the matched route from r.Pattern
// after the handler returns. Middleware that replaces the request (to give it
// a new context or body) serves the replacement with [tonic.ServeReplaced],
// which hands the pattern back, so per-route metric names (Counted and the
// others with an empty name) and the "route" field of Logged work wherever
// they sit in the stack.
package middleware
