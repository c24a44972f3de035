package tonic

import (
	"net/http"
	"strings"

	"github.com/julienschmidt/httprouter"
)

// PathValue returns the value of the path wildcard name for r, wherever the
// handler is mounted: r.PathValue(name) as set by tonic's muxes, net/http's
// ServeMux or chi, or else the httprouter parameter of that name, which
// httprouter.Router.Handler puts in the request context. A catch-all value
// comes without its leading slash on every router ("a/b", not "/a/b").
// It returns "" when there is no such wildcard.
func PathValue(r *http.Request, name string) string {
	if v := r.PathValue(name); v != "" {
		return v
	}
	return strings.TrimPrefix(httprouter.ParamsFromContext(r.Context()).ByName(name), "/")
}

// HTTPRouterHandle adapts h for httprouter.Router.Handle: it copies each
// httprouter parameter into the request with r.SetPathValue (a catch-all
// without its leading slash), so that h reads r.PathValue(name) on an
// httprouter.Router exactly as it does on TrieServeMux.
func HTTPRouterHandle(h http.Handler) httprouter.Handle {
	return func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {
		for _, p := range ps {
			r.SetPathValue(p.Key, strings.TrimPrefix(p.Value, "/"))
		}
		h.ServeHTTP(w, r)
	}
}
