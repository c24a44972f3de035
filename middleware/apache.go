package middleware

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/seed78c03fa0/tonic/internal/redact"
	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// apacheTime is the layout of Apache's %t.
const apacheTime = "02/Jan/2006:15:04:05 -0700"

// apacheLogger is a configured ApacheLogged.
type apacheLogger struct {
	mu      sync.Mutex // serialises writes to out
	out     io.Writer
	now     func() time.Time
	bufs    sync.Pool // of *[]byte
	secrets *redact.Matcher
}

// ApacheLogged returns middleware that writes one line per request to w in
// the Apache combined log format, when the handler returns:
//
//	192.0.2.1 - alice [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.1" 200 2326 "http://example.com/" "Mozilla/4.08"
//
// The host is the client address without its port; the user is the one of
// the request's HTTP Basic credentials, whether or not they were accepted;
// the time is when the request arrived, in the local time zone; the values
// of query keys that name secrets are masked ("?token=[REDACTED]"; the
// words of LogOptions.Secrets' defaults). A body of
// no bytes is "-", and so are a missing user, Referer or User-Agent. A
// hijacked connection has "hijacked" in place of the status, and a request
// whose handler panicked before writing a header has "-". A request whose
// client went away before the handler returned has 499, as nginx logs it
// (see tonic.Abandoned). Quotes,
// backslashes, control characters and non-ASCII bytes in the quoted fields
// and the user are escaped as Apache escapes them (\", \\, \xhh).
//
// Lines from concurrent requests are written whole, one Write call each;
// write errors are ignored. It panics if w is nil.
func ApacheLogged(w io.Writer) Middleware {
	return apacheLogged(w, time.Now)
}

// apacheLogged is ApacheLogged with a clock, for tests.
func apacheLogged(w io.Writer, now func() time.Time) Middleware {
	if w == nil {
		panic("middleware: ApacheLogged with a nil io.Writer")
	}
	l := &apacheLogger{out: w, now: now, secrets: redact.New()}
	l.bufs.New = func() any { b := make([]byte, 0, 256); return &b }
	return func(next http.Handler) http.Handler {
		mustHandler("ApacheLogged", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			start := l.start(r)
			rw := respwriter.Wrap(w)
			completed := false
			defer func() { l.log(r, rw, start, completed) }()
			next.ServeHTTP(rw, r)
			completed = true
		})
	}
}

// start returns when the request arrived: its tonic.Record's start, or now
// when it has none.
func (l *apacheLogger) start(r *http.Request) time.Time {
	if rec := tonic.RecordFrom(r.Context()); rec != nil {
		return rec.Start()
	}
	return l.now()
}

// log writes the line of a served request.
func (l *apacheLogger) log(r *http.Request, rw *respwriter.Writer, start time.Time, completed bool) {
	bp := l.bufs.Get().(*[]byte)
	b := l.appendLine((*bp)[:0], r, rw, start, completed)
	l.mu.Lock()
	_, _ = l.out.Write(b)
	l.mu.Unlock()
	*bp = b
	l.bufs.Put(bp)
}

// appendLine appends the combined-format line to b.
func (l *apacheLogger) appendLine(b []byte, r *http.Request, rw *respwriter.Writer, start time.Time, completed bool) []byte {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	user, _, _ := r.BasicAuth()
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	uri = l.secrets.URI(uri)
	b = appendField(b, host)
	b = append(b, " - "...)
	b = appendField(b, user)
	b = append(b, " ["...)
	b = start.AppendFormat(b, apacheTime)
	b = append(b, `] "`...)
	b = appendEscaped(b, r.Method)
	b = append(b, ' ')
	b = appendEscaped(b, uri)
	b = append(b, ' ')
	b = appendEscaped(b, r.Proto)
	b = append(b, `" `...)
	switch {
	case rw.Hijacked:
		b = append(b, "hijacked"...)
	case !completed && !rw.WroteHeader:
		b = append(b, '-')
	case completed && tonic.Abandoned(r.Context()):
		b = strconv.AppendInt(b, tonic.StatusClientClosedRequest, 10)
	default:
		b = strconv.AppendInt(b, int64(rw.Status()), 10)
	}
	b = append(b, ' ')
	if rw.Bytes == 0 {
		b = append(b, '-')
	} else {
		b = strconv.AppendInt(b, rw.Bytes, 10)
	}
	b = append(b, ` "`...)
	b = appendField(b, r.Referer())
	b = append(b, `" "`...)
	b = appendField(b, r.UserAgent())
	return append(b, "\"\n"...)
}

// appendField appends s escaped, or "-" when s is empty.
func appendField(b []byte, s string) []byte {
	if s == "" {
		return append(b, '-')
	}
	return appendEscaped(b, s)
}

// appendEscaped appends s with quotes, backslashes, control characters and
// non-ASCII bytes escaped as Apache's log escaping does.
func appendEscaped(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < ' ' || c >= 0x7f:
			b = append(b, '\\', 'x', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return b
}
