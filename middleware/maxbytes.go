package middleware

import (
	"fmt"
	"net/http"

	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// MaxBytes returns middleware that limits request bodies to n bytes. A
// request whose Content-Length already says more is refused with 413
// before the handler runs; otherwise the handler's reads of r.Body fail
// with an *http.MaxBytesError once n bytes have been read. Either way an
// HTTP/1 connection is closed after the response, whatever wraps the
// response writer, so that no request that follows the body on the
// connection is served. It panics if n is negative.
func MaxBytes(n int64) Middleware {
	if n < 0 {
		panic(fmt.Sprintf("middleware: MaxBytes(%d): negative limit", n))
	}
	return func(next http.Handler) http.Handler {
		mustHandler("MaxBytes", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				respwriter.CloseAfter(w, r) // rather than read the body to reach the next request
				tonic.WriteError(w, r, http.StatusRequestEntityTooLarge,
					tonic.Errorf(http.StatusRequestEntityTooLarge, "request body is larger than %d bytes", n))
				return
			}
			if r.Body == nil || r.Body == http.NoBody {
				next.ServeHTTP(w, r)
				return
			}
			r2 := new(http.Request)
			*r2 = *r
			r2.Body = http.MaxBytesReader(respwriter.Innermost(w), r.Body, n)
			next.ServeHTTP(w, r2)
		})
	}
}
