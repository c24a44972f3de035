package openapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Handler returns a handler that serves the document as JSON
// (application/json), for a route such as GET /openapi.json. It answers
// GET and HEAD, with a strong ETag (conditional requests get 304) and
// Cache-Control: no-cache, so clients revalidate rather than keep a
// document a new release replaced; other methods get 405.
func (d *Document) Handler() http.Handler {
	return newFileHandler(d.json, "application/json")
}

// fileHandler serves one immutable body.
type fileHandler struct {
	body        []byte
	etag        string
	contentType string
}

// newFileHandler returns the handler of body, served as contentType.
func newFileHandler(body []byte, contentType string) *fileHandler {
	sum := sha256.Sum256(body)
	return &fileHandler{body: body, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, contentType: contentType}
}

// ServeHTTP serves the body with http.ServeContent, which answers
// conditional and range requests.
func (f *fileHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		tonic.WriteError(w, r, http.StatusMethodNotAllowed,
			tonic.Errorf(http.StatusMethodNotAllowed, "%s is not allowed; the allowed methods are GET, HEAD", r.Method))
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
