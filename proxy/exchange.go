package proxy

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/tonic"
)

// exchangeKey is the context key under which an exchange finds itself.
type exchangeKey struct{}

// exchange is the state of one proxied request: the backend serving it,
// those it tried, and what a retry needs. It is also the request's context,
// a child of the inbound one that answers exchangeKey, so that the request
// costs no context.WithValue.
type exchange struct {
	context.Context
	p      *Proxy
	in     *http.Request // the inbound request, whose context is x
	ids    []string      // the request ID, as a header value
	b      *backend      // the backend of the current attempt
	tried  uint64        // bit i: backends[i] was tried
	outURL url.URL       // the outbound URL before SetURL, for a retry
	start  time.Time     // when the current attempt began
	sent   bool          // a round trip was attempted
	epoch  uint64        // b's ejection epoch when the current attempt began
}

// newExchange returns the exchange of r, with r's request ID.
func newExchange(p *Proxy, r *http.Request) *exchange {
	return &exchange{Context: r.Context(), p: p, ids: []string{reqid.For(r, time.Now())}}
}

// Value answers the exchange itself, and asks the parent for other keys.
func (x *exchange) Value(key any) any {
	if _, ok := key.(exchangeKey); ok {
		return x
	}
	return x.Context.Value(key)
}

// exchangeFrom returns the exchange that ctx belongs to, or nil.
func exchangeFrom(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// use makes backends[i] the backend of the next attempt: the request moves
// to its in-flight count and the server's in-flight table names it.
func (x *exchange) use(i int) {
	if x.b != nil {
		x.b.inFlight.Add(-1)
	}
	b := x.p.backends[i]
	x.b, x.tried = b, x.tried|1<<i
	b.inFlight.Add(1)
	tonic.SetRequestStatus(x, b.statusProxying)
}

// end takes the request out of its backend's in-flight count.
func (x *exchange) end() {
	if x.b != nil {
		x.b.inFlight.Add(-1)
	}
}

// id returns the request ID.
func (x *exchange) id() string { return x.ids[0] }
