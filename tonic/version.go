package tonic

import (
	"encoding/json"
	"net/http"
)

// versionAllow is the Allow header of a Version handler.
const versionAllow = "GET, HEAD, OPTIONS"

// Version is an http.Handler that answers the service's version, for a
// service that shows it on its public API; the admin server's /info has
// it too, with the rest of the build (see admin.Options.Version). Give it
// the same stamp:
//
//	mux.Handle("GET", "/version", tonic.Version(version)) // version set by -ldflags -X
//
// GET answers 200 with {"version":"v1.2.3"} as application/json, or with
// "v1.2.3\n" as text/plain to a client whose Accept header rules out JSON
// but not text/plain; a client that accepts neither gets 406. HEAD answers
// the same without the body. Responses carry Cache-Control: no-store,
// since the version changes with every deployment. OPTIONS gets 204 with
// Allow: GET, HEAD, OPTIONS, and other methods 405 with that Allow header
// (a TrieServeMux that mounts it for GET answers those itself). An empty
// Version answers 404: a build without a stamp has no version to show.
//
// Tiger Tonic's Version answered every method, always as text/plain.
type Version string

var _ http.Handler = Version("")

// versionBody is the JSON body of a Version response.
type versionBody struct {
	Version string `json:"version"`
}

// ServeHTTP answers the version.
func (v Version) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		w.Header().Set("Allow", versionAllow)
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", versionAllow)
		WriteError(w, r, http.StatusMethodNotAllowed, Errorf(http.StatusMethodNotAllowed,
			"%s is not allowed; the allowed methods are %s", r.Method, versionAllow))
		return
	}
	if v == "" {
		WriteError(w, r, http.StatusNotFound, NewError(http.StatusNotFound, "the version is not known"))
		return
	}
	accept := AcceptHeader(r)
	var body []byte
	switch {
	case AcceptsJSON(accept):
		body, _ = json.Marshal(versionBody{Version: string(v)}) // a string always encodes
		w.Header().Set("Content-Type", "application/json")
	case Accepts(accept, "text/plain"):
		body = []byte(v)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	default:
		WriteError(w, r, http.StatusNotAcceptable, Errorf(http.StatusNotAcceptable,
			"Accept is %q, which rules out both application/json and text/plain", accept))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(append(body, '\n'))
	}
}
