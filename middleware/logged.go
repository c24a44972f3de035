package middleware

import (
	"net/http"
	"sort"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/internal/redact"
	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// LogOptions configures Logged. The zero value logs one line per request
// without headers or bodies.
type LogOptions struct {
	// Headers adds the request and response headers to the line as the
	// objects "request_headers" and "response_headers", keys sorted, a
	// header with several values as an array. Defaults to false.
	Headers bool
	// RedactHeaders names more headers whose values are logged as
	// "[REDACTED]". Headers whose names name secrets are always redacted
	// (see Secrets).
	RedactHeaders []string
	// Secrets adds words to those that make a name a secret's: password,
	// passwd, secret, token, api key, authorization, cookie, credential and
	// private key. A header, JSON key, form key or query key whose name
	// contains one of them, in any case and ignoring '-', '_', '.' and
	// spaces (X-Api-Key, access_token, newPassword, Set-Cookie), has its
	// value logged as "[REDACTED]": in the headers, in the JSON and form
	// bodies, and in the "query" field. Defaults to none beyond those.
	Secrets []string
	// RequestBody is how many bytes of the request body, as the handler
	// reads it, are logged as "request_body". A longer body is cut and
	// "request_body_truncated":true added. Defaults to 0: no body.
	RequestBody int
	// ResponseBody is the same bound for the response body, logged as
	// "response_body". Defaults to 0: no body.
	ResponseBody int
	// Redact rewrites a captured body before it is logged, after the
	// values of secret keys have been masked (see Secrets), e.g. to mask
	// other personal data. It gets the header of the request or response
	// the body belongs to. Defaults to logging the masked bytes.
	Redact func(h http.Header, body []byte) []byte
}

// The field names of Logged's line.
const (
	fieldRequestID       = "request_id"
	fieldMethod          = "method"
	fieldPath            = "path"
	fieldQuery           = "query"
	fieldProto           = "proto"
	fieldRoute           = "route"
	fieldStatus          = "status"
	fieldHijacked        = "hijacked"
	fieldAborted         = "aborted"
	fieldAbandoned       = "abandoned"
	fieldBytes           = "bytes"
	fieldDuration        = "duration_ms"
	fieldRemoteAddr      = "remote_addr"
	fieldUserAgent       = "user_agent"
	fieldRequestHeaders  = "request_headers"
	fieldResponseHeaders = "response_headers"
	fieldRequestBody     = "request_body"
	fieldResponseBody    = "response_body"
	redacted             = redact.Mask
)

// logged is a configured Logged.
type logged struct {
	logger  zerolog.Logger
	opts    LogOptions
	redact  map[string]bool // canonical header names
	secrets *redact.Matcher
	enabled bool // the logger writes something
	ctxKey  any  // the context key of zerolog.Ctx
	make    func(*tonic.Record) any
}

// Logged returns middleware that writes one structured line per request to
// logger, after the handler returns:
//
//	{"level":"info","request_id":"...","method":"GET","path":"/users/7","query":"fields=name","proto":"HTTP/1.1","route":"GET /users/{id}","status":200,"bytes":42,"duration_ms":0.734,"remote_addr":"192.0.2.1:1234","user_agent":"curl/8.5.0","message":"request"}
//
// "query" is the raw query string, absent when there is none, with the
// values of keys that name secrets masked ("token=[REDACTED]"; see
// LogOptions.Secrets); "proto" is the protocol version.
// The level is error for a 5xx or an aborted request and info otherwise;
// "route" is the route (see tonic.RouteOf; absent when none matched); a
// hijacked connection has "hijacked":true instead of a status, and a
// request whose handler panicked through Logged has "aborted":true. A
// request whose client went away before the handler returned (see
// tonic.Abandoned: the connection closed, or an HTTP/2 stream was reset) has
// "status":499 and "abandoned":true, at info level, whatever the handler
// wrote: it is not the server's error.
// The duration is the record's (see tonic.Record.Finish): from when the
// first tonic layer (the server, or the outermost tonic middleware) saw the
// request to when the first layer asked after the handler returned. Timestamps and
// other common fields are the logger's own (for example
// zerolog.New(w).With().Timestamp().Logger()).
//
// Handlers log with zerolog.Ctx(r.Context()) or hlog.FromRequest(r): they
// get a copy of logger with the request's "request_id", made the first time
// one of them asks (a request whose handlers never log costs no logger
// copy). Once made, it is also the logger the request's line is written
// with, so zerolog's hlog field handlers mounted inside Logged (for example
// hlog.RefererHandler("referer")) add their fields to the line as well as to
// the handlers' events. Logged does in one step what hlog.NewHandler,
// hlog.RequestIDHandler and hlog.AccessHandler do together, but with tonic's
// request ID and the shared response-writer wrapper, which keeps Hijack and
// http.ResponseController working behind any writer, and without copying
// the request. It uses the ID the request's record has (see RequestID);
// without one it makes one as RequestID would and sets the X-Request-ID
// response header.
//
// opts, at most one, may add headers and bounded request and response
// bodies, with the values of headers and keys that name secrets masked
// (Authorization, Cookie, X-Api-Key, "password", ...); see LogOptions. It
// panics if a body bound is negative.
func Logged(logger zerolog.Logger, opts ...LogOptions) Middleware {
	o := oneOptions("Logged", opts)
	if o.RequestBody < 0 || o.ResponseBody < 0 {
		panic("middleware: Logged: negative body bound in LogOptions")
	}
	l := &logged{logger: logger, opts: o, redact: map[string]bool{}, secrets: redact.New(o.Secrets...),
		enabled: logger.GetLevel() != zerolog.Disabled, ctxKey: zerologContextKey()}
	l.make = l.requestLogger
	for _, h := range o.RedactHeaders {
		l.redact[http.CanonicalHeaderKey(h)] = true
	}
	return func(next http.Handler) http.Handler {
		mustHandler("Logged", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) { l.serve(next, w, r) })
	}
}

// requestLogger makes the logger of the request whose record is rec.
func (l *logged) requestLogger(rec *tonic.Record) any {
	lg := l.logger.With().Str(fieldRequestID, rec.ID()).Logger()
	return &lg
}

// serve serves one request and logs it, even when the handler panics.
func (l *logged) serve(next http.Handler, w http.ResponseWriter, r *http.Request) {
	madeID := false
	r, rec := tonic.WithRecord(r, func(r *http.Request, start time.Time) string { madeID = true; return reqid.For(r, start) })
	if madeID {
		w.Header()[reqid.HeaderKey] = rec.IDHeader()
	}
	if l.enabled {
		rec.SetLazyValue(l.ctxKey, l.make)
	}
	rw := respwriter.Wrap(w)
	r2 := r
	var reqBody, respBody *respwriter.Capture
	if l.opts.RequestBody > 0 && r.Body != nil && r.Body != http.NoBody {
		reqBody = respwriter.NewCapture(l.opts.RequestBody)
		r2 = new(http.Request)
		*r2 = *r
		r2.Body = &respwriter.TeeBody{ReadCloser: r.Body, C: reqBody}
	}
	if l.opts.ResponseBody > 0 {
		respBody = rw.Tap(l.opts.ResponseBody)
	}
	completed := false
	defer func() { l.log(r, rec, rw, !completed, reqBody, respBody) }()
	next.ServeHTTP(rw, r2)
	completed = true
}

// log writes the line for a served request.
func (l *logged) log(r *http.Request, rec *tonic.Record, rw *respwriter.Writer, aborted bool, reqBody, respBody *respwriter.Capture) {
	if !l.enabled {
		return
	}
	abandoned := !aborted && !rw.Hijacked && tonic.Abandoned(r.Context())
	level := zerolog.InfoLevel
	if aborted || (!abandoned && rw.Status() >= 500) {
		level = zerolog.ErrorLevel
	}
	var e *zerolog.Event
	if lg, ok := rec.LazyValue(l.ctxKey); ok { // a handler asked for the request's logger
		e = lg.(*zerolog.Logger).WithLevel(level)
	} else if e = l.logger.WithLevel(level); e != nil {
		e.Str(fieldRequestID, rec.ID())
	}
	if e == nil {
		return
	}
	e.Str(fieldMethod, r.Method).Str(fieldPath, r.URL.Path)
	if r.URL.RawQuery != "" {
		e.Str(fieldQuery, l.secrets.Query(r.URL.RawQuery))
	}
	e.Str(fieldProto, r.Proto)
	if route := tonic.RouteOf(r); route != "" {
		e.Str(fieldRoute, route)
	}
	switch {
	case rw.Hijacked:
		e.Bool(fieldHijacked, true)
	case abandoned:
		e.Int(fieldStatus, tonic.StatusClientClosedRequest).Bool(fieldAbandoned, true)
	case rw.WroteHeader || !aborted:
		e.Int(fieldStatus, rw.Status())
	}
	if aborted {
		e.Bool(fieldAborted, true)
	}
	e.Int64(fieldBytes, rw.Bytes).
		Float64(fieldDuration, float64(rec.Finish())/float64(time.Millisecond)).
		Str(fieldRemoteAddr, r.RemoteAddr)
	if ua := r.Header["User-Agent"]; len(ua) > 0 && ua[0] != "" { // Get, without canonicalizing the key
		e.Str(fieldUserAgent, ua[0])
	}
	if l.opts.Headers {
		e.Dict(fieldRequestHeaders, l.headers(r.Header))
		e.Dict(fieldResponseHeaders, l.headers(rw.Header()))
	}
	l.body(e, fieldRequestBody, r.Header, reqBody)
	l.body(e, fieldResponseBody, rw.Header(), respBody)
	e.Msg("request")
}

// headers renders h as a zerolog dictionary with sorted keys and redactions.
func (l *logged) headers(h http.Header) *zerolog.Event {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := zerolog.Dict()
	for _, k := range keys {
		switch v := h[k]; {
		case l.redact[http.CanonicalHeaderKey(k)] || l.secrets.Name(k):
			d.Str(k, redacted)
		case len(v) == 1:
			d.Str(k, v[0])
		default:
			d.Strs(k, v)
		}
	}
	return d
}

// body adds a captured body, redacted, and its truncation flag to e.
func (l *logged) body(e *zerolog.Event, field string, h http.Header, c *respwriter.Capture) {
	if c == nil {
		return
	}
	b, truncated := c.Snapshot()
	b = l.secrets.Body(h.Get("Content-Type"), b)
	if l.opts.Redact != nil {
		b = l.opts.Redact(h, b)
	}
	e.Bytes(field, b)
	if truncated {
		e.Bool(field+"_truncated", true)
	}
}
