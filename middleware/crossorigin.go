package middleware

import (
	"fmt"
	"net/http"

	"github.com/seed78c03fa0/tonic/tonic"
)

// CrossOriginOptions configures CrossOrigin. The zero value trusts no other
// origin and checks every route.
type CrossOriginOptions struct {
	// TrustedOrigins are the origins (scheme://host[:port], as browsers send
	// them in Origin) whose pages may write, such as a front end served from
	// another host that CORS also allows. Defaults to none.
	TrustedOrigins []string
	// Bypass lists net/http ServeMux patterns ("POST /hooks/{name}") of
	// requests that are never checked, for endpoints that must take
	// cross-site writes. Defaults to none.
	Bypass []string
}

// CrossOrigin returns middleware that refuses cross-site writes from
// browsers (cross-site request forgery): a request with a method other than
// GET, HEAD and OPTIONS whose browser says it comes from another site is
// answered 403 "cross_origin_request", written with tonic.WriteError, and
// never reaches the handler. It is net/http's CrossOriginProtection: the
// Sec-Fetch-Site header that every browser has sent since 2023 decides,
// or, without it, whether the Origin header's host is the request's Host.
// Requests without either header (curl, other servers, SDKs) are not from
// a browser page and pass, and so do requests from TrustedOrigins and
// those that match a Bypass pattern.
//
// Unlike a token-based CSRF defence it needs no state, no cookie and no
// change to clients. Mount it around the routes that change state (or the
// whole mux: safe methods always pass), inside CORS, which answers the
// preflight requests of the trusted origins.
//
// opts, at most one, add trusted origins and bypass patterns. It panics
// with a message naming the culprit if an origin or a pattern is invalid.
func CrossOrigin(opts ...CrossOriginOptions) Middleware {
	o := oneOptions("CrossOrigin", opts)
	p := http.NewCrossOriginProtection()
	for _, origin := range o.TrustedOrigins {
		if err := p.AddTrustedOrigin(origin); err != nil {
			panic(fmt.Sprintf("middleware: CrossOrigin: trusted origin %q: %v", origin, err))
		}
	}
	for _, pattern := range o.Bypass {
		addBypass(p, pattern)
	}
	return func(next http.Handler) http.Handler {
		mustHandler("CrossOrigin", next)
		return &crossOriginHandler{wrapped{next: next, serve: func(w http.ResponseWriter, r *http.Request) {
			if err := p.Check(r); err != nil {
				tonic.WriteError(w, r, http.StatusForbidden, &tonic.Error{Status: http.StatusForbidden,
					Code: crossOriginCode, Message: "cross-origin write refused: " + err.Error(), Err: err})
				return
			}
			next.ServeHTTP(w, r)
		}}}
	}
}

// crossOriginCode is the error code of a refused cross-site write.
const crossOriginCode = "cross_origin_request"

// crossOriginHandler is CrossOrigin's handler; it declares its 403 for
// package openapi.
type crossOriginHandler struct{ wrapped }

// Errors returns the error CrossOrigin answers: 403 cross_origin_request.
func (*crossOriginHandler) Errors() []error {
	return []error{&tonic.Error{Status: http.StatusForbidden, Code: crossOriginCode,
		Message: "A page of another site tried to write through a browser (the cross-site request forgery guard)."}}
}

// addBypass adds a bypass pattern, turning net/http's panic on a bad one
// into one that names CrossOrigin.
func addBypass(p *http.CrossOriginProtection, pattern string) {
	defer func() {
		if v := recover(); v != nil {
			panic(fmt.Sprintf("middleware: CrossOrigin: bypass pattern %q: %v", pattern, v))
		}
	}()
	p.AddInsecureBypassPattern(pattern)
}
