package proxy

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/tonic"
)

// StatusClientClosedRequest is the status logged for a request whose client
// left before the backend answered (nginx's 499); the client never sees it.
const StatusClientClosedRequest = 499

// The errors a client gets. Their messages are public; the cause stays in
// the logs.
const (
	errBadGateway = "the upstream service could not be reached or gave an invalid answer"
	errTimeout    = "the upstream service did not answer in time"
	errBadUpgrade = "the request asks for a protocol switch that cannot be proxied"
	errTooLarge   = "the request body is too large"
	errClientLeft = "the client closed the request"
)

// serveError is the ErrorHandler of p's ReverseProxy: it answers the
// failed request with a tonic error and logs the cause.
func (p *Proxy) serveError(w http.ResponseWriter, r *http.Request, err error) {
	x := exchangeFrom(r.Context())
	in := r
	if x != nil && x.in != nil {
		in = x.in
	}
	if x != nil && tonic.RequestIDFrom(in.Context()) == "" { // for the error body
		in = in.WithContext(tonic.ContextWithRequestID(in.Context(), x.id()))
	}
	e := classify(x, err)
	level := zerolog.WarnLevel
	if e.Status == StatusClientClosedRequest {
		level = zerolog.DebugLevel
	}
	ev := p.opts.Logger.WithLevel(level).Str("proxy", p.opts.Name).Int("status", e.StatusCode()).Err(err)
	if x != nil {
		ev = ev.Str("backend", x.b.url.String()).Str("request_id", x.id())
	}
	ev.Msg("proxy error")
	tonic.WriteError(w, in, e.Status, e)
}

// classify returns the error the client gets for err: the status that the
// cause of a canceled context carries (tonic.Server's cancel or shutdown),
// 499 when the client left, 400 for a request that was never sent because
// ReverseProxy refused it, 413 for a body over a limit, 504 for a timeout
// and 502 for everything else.
func classify(x *exchange, err error) *tonic.Error {
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case x != nil && x.Err() != nil:
		cause := context.Cause(x)
		if s, ok := tonic.StatusOf(cause); ok {
			name, desc := tonic.Describe(s, cause)
			return &tonic.Error{Status: s, Code: name, Message: desc, Err: err}
		}
		return &tonic.Error{Status: StatusClientClosedRequest, Code: "client_closed_request", Message: errClientLeft, Err: err}
	case x != nil && !x.sent:
		return tonic.WrapError(http.StatusBadRequest, err, errBadUpgrade)
	case errors.As(err, &mbe):
		return tonic.WrapError(http.StatusRequestEntityTooLarge, err, errTooLarge)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return tonic.WrapError(http.StatusGatewayTimeout, err, errTimeout)
	}
	return tonic.WrapError(http.StatusBadGateway, err, errBadGateway)
}

// logWriter sends the lines ReverseProxy logs to the Proxy's logger.
type logWriter struct {
	log  zerolog.Logger
	name string
}

func (w logWriter) Write(p []byte) (int, error) {
	w.log.Warn().Str("proxy", w.name).Msg(strings.TrimSpace(string(p)))
	return len(p), nil
}
