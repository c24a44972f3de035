package middleware

import (
	"net/http"

	"github.com/seed78c03fa0/tonic/tonic"
)

// If returns middleware that asks cond about each request before the
// handler runs. The headers cond returns are added to the response (every
// value kept) whatever it decides. A nil error lets the request through; an
// error ends it with an error response written by tonic.WriteError, whose
// status is the one the error carries (see tonic.StatusOf), or 500. It
// panics if cond is nil.
func If(cond func(*http.Request) (http.Header, error)) Middleware {
	if cond == nil {
		panic("middleware: If with a nil condition")
	}
	return func(next http.Handler) http.Handler {
		mustHandler("If", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			h, err := cond(r)
			dst := w.Header()
			for k, vv := range h {
				for _, v := range vv {
					dst.Add(k, v)
				}
			}
			if err != nil {
				tonic.WriteError(w, r, http.StatusInternalServerError, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
