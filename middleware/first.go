package middleware

import (
	"fmt"
	"net/http"

	"github.com/seed78c03fa0/tonic/internal/respwriter"
)

// First returns a handler that calls handlers in order until one of them
// writes anything: a header, a body byte, a flush or a hijack. A handler
// that writes nothing passes the request on to the next; when none writes,
// the response is net/http's implicit empty 200. It panics if a handler is
// nil, naming its position.
func First(handlers ...http.Handler) http.Handler {
	for i, h := range handlers {
		if h == nil {
			panic(fmt.Sprintf("middleware: First: handler %d of %d is nil", i, len(handlers)))
		}
	}
	handlers = append([]http.Handler(nil), handlers...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := respwriter.Wrap(w)
		for _, h := range handlers {
			h.ServeHTTP(rw, r)
			if rw.Written() {
				return
			}
		}
	})
}
