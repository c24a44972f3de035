package middleware

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/seed78c03fa0/tonic/internal/respwriter"
)

// CacheOptions are the directives of a Cache-Control response header. The
// zero value means no directive.
type CacheOptions struct {
	// Public marks the response storable by shared caches.
	Public bool
	// Private keeps the response out of shared caches.
	Private bool
	// NoCache makes caches revalidate before every reuse.
	NoCache bool
	// NoStore keeps the response out of every cache.
	NoStore bool
	// NoTransform forbids intermediaries to transform the body.
	NoTransform bool
	// MustRevalidate forbids serving the response stale.
	MustRevalidate bool
	// ProxyRevalidate is MustRevalidate for shared caches only.
	ProxyRevalidate bool
	// Immutable says the body will not change while fresh.
	Immutable bool
	// MaxAge is the freshness lifetime, sent in whole seconds.
	MaxAge time.Duration
	// SharedMaxAge is MaxAge for shared caches (s-maxage).
	SharedMaxAge time.Duration
}

// String returns the header value, directives in a fixed order: public,
// private, no-cache, no-store, no-transform, must-revalidate,
// proxy-revalidate, immutable, max-age, s-maxage.
func (o CacheOptions) String() string {
	var d []string
	for _, f := range []struct {
		on   bool
		name string
	}{{o.Public, "public"}, {o.Private, "private"}, {o.NoCache, "no-cache"}, {o.NoStore, "no-store"},
		{o.NoTransform, "no-transform"}, {o.MustRevalidate, "must-revalidate"},
		{o.ProxyRevalidate, "proxy-revalidate"}, {o.Immutable, "immutable"}} {
		if f.on {
			d = append(d, f.name)
		}
	}
	if o.MaxAge > 0 {
		d = append(d, "max-age="+strconv.FormatInt(int64(o.MaxAge/time.Second), 10))
	}
	if o.SharedMaxAge > 0 {
		d = append(d, "s-maxage="+strconv.FormatInt(int64(o.SharedMaxAge/time.Second), 10))
	}
	return strings.Join(d, ", ")
}

// Cached returns middleware that gives the responses of the handlers it
// wraps a Cache-Control header built from opts. The header is put in place
// just before the response header is written, so it reaches the client
// (Tiger Tonic set it afterwards, too late); it goes only on 1xx, 2xx and
// 3xx responses, so error responses are not cached, and only when the
// handler has not set a Cache-Control of its own.
//
// It panics if opts has no directive, if it is both Public and Private, or
// if a duration is negative.
func Cached(opts CacheOptions) Middleware {
	switch {
	case opts.Public && opts.Private:
		panic("middleware: Cached: CacheOptions are both Public and Private")
	case opts.MaxAge < 0 || opts.SharedMaxAge < 0:
		panic("middleware: Cached: negative duration in CacheOptions")
	}
	value := opts.String()
	if value == "" {
		panic("middleware: Cached: CacheOptions without a directive")
	}
	return func(next http.Handler) http.Handler {
		mustHandler("Cached", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			rw := respwriter.Wrap(w)
			rw.CacheControl = value
			next.ServeHTTP(rw, r)
			if !rw.Written() { // net/http is about to send the implicit 200
				rw.BeforeHeader(http.StatusOK)
			}
		})
	}
}
