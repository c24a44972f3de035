package proxy

import (
	"errors"
	"io"
	"net/http"
	"net/http/httputil"
	"sync/atomic"
	"time"
)

// retrier is the http.RoundTripper of a Proxy's ReverseProxy. It sends a
// request on the pooled transport and, when the request never reached its
// backend (the connection was refused or the dial timed out) and the
// request body is still unread, ejects that backend and sends the request
// to another, each backend at most once.
type retrier struct {
	p    *Proxy
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t retrier) RoundTrip(req *http.Request) (*http.Response, error) {
	x := exchangeFrom(req.Context())
	if x == nil { // not a request of ServeHTTP
		return t.base.RoundTrip(req)
	}
	var body *trackedBody
	if req.Body != nil && req.Body != http.NoBody {
		body = &trackedBody{ReadCloser: req.Body}
		r2 := *req
		r2.Body = body
		req = &r2
	}
	for {
		x.start, x.sent, x.epoch = time.Now(), true, x.b.epoch.Load()
		x.b.requests.Inc(1)
		res, err := t.base.RoundTrip(req)
		if err == nil {
			t.p.answered(x.b, x.epoch)
			return res, nil
		}
		if !t.p.retry(x, err, body) {
			return nil, err
		}
		req = x.retarget(req)
	}
}

// retry counts the failed attempt of x and reports whether x moved to
// another backend: only when the error says the request never reached the
// backend, the body was not read, and an untried backend is left.
func (p *Proxy) retry(x *exchange, err error, body *trackedBody) bool {
	if x.Err() != nil { // the client left or the server canceled: not the backend's doing
		return false
	}
	x.b.errors.Inc(1)
	if !neverReached(err) {
		return false
	}
	p.refused(x.b, err)
	if body != nil && body.read.Load() {
		return false
	}
	next := p.pick(x.tried)
	if next < 0 {
		return false
	}
	x.use(next)
	return true
}

// retarget returns req aimed at the current backend of x: a shallow copy
// whose URL is rebuilt from the outbound URL before the first SetURL.
func (x *exchange) retarget(req *http.Request) *http.Request {
	out := *req
	u := x.outURL
	out.URL = &u
	pr := httputil.ProxyRequest{In: x.in, Out: &out}
	pr.SetURL(x.b.url)
	return &out
}

// neverReached reports whether err says that the request was never sent:
// the dial of a new connection to the backend failed.
func neverReached(err error) bool {
	var de *dialError
	return errors.As(err, &de)
}

// trackedBody is a request body that records whether it was read, so that
// a request whose body went nowhere may be sent again. Its Close does
// nothing: the transport closes a body when a dial fails, and a retry needs
// it open. ReverseProxy closes the body below when the request ends, after
// which it refuses reads.
type trackedBody struct {
	io.ReadCloser
	read atomic.Bool
}

// Read implements io.Reader.
func (b *trackedBody) Read(p []byte) (int, error) {
	b.read.Store(true)
	return b.ReadCloser.Read(p)
}

// Close implements io.Closer; it does nothing.
func (b *trackedBody) Close() error { return nil }
