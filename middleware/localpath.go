package middleware

import (
	"net/http"

	"github.com/seed78c03fa0/tonic/tonic"
)

// LocalPath returns middleware that answers 400, naming the value, to a
// request whose wildcard values names are not local paths (see
// tonic.LocalPathValue: "../../etc/passwd" and "/etc/passwd", which a
// catch-all matches from /files/..%2F..%2Fetc%2Fpasswd and
// /files/%2Fetc%2Fpasswd, are not), and serves the others. It reads the
// values the mux matched, so it wraps the handler of a route, in one line:
//
//	mux.Handle("GET", "/files/{file...}", middleware.LocalPath("file")(serveFile))
//
// It panics if names is empty.
func LocalPath(names ...string) Middleware {
	if len(names) == 0 {
		panic("middleware: LocalPath without a wildcard name")
	}
	names = append([]string(nil), names...)
	return func(next http.Handler) http.Handler {
		mustHandler("LocalPath", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			for _, name := range names {
				if _, err := tonic.LocalPathValue(r, name); err != nil {
					tonic.WriteError(w, r, 0, err)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}
