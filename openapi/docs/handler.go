package docs

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/seed78c03fa0/tonic/tonic"
)

// assets are the page's files, served by their base names.
//
//go:embed assets/index.html assets/docs.css assets/docs.js assets/favicon.svg
var assets embed.FS

// csp is the Content-Security-Policy of the page and its assets: scripts,
// styles, images and fetches from the same origin only, no inline code, no
// frames, no forms.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Options configures Handler.
type Options struct {
	// Title is the page's title until the document has loaded, when the
	// document's info.title replaces it. Defaults to "API documentation".
	Title string
}

// handler serves the page and its assets.
type handler struct {
	page []byte
}

// Handler returns a handler that serves the docs page for the OpenAPI
// document at specURL, and the page's assets. Mount it under a path of its
// own ending in a catch-all, such as "/docs/{file...}": a request whose last
// path segment names an asset (docs.js, docs.css, favicon.svg) gets it, a
// request for a path ending in "/" gets the page, and any other path is
// redirected to itself with a "/" added, so that the page's relative links
// to its assets resolve.
//
// specURL must be a URL on the same origin as the page: a path, absolute
// ("/openapi.json") or relative to the page ("../openapi.json"), with an
// optional query. Handler panics, naming it, if specURL is empty or names
// a scheme or host, or if opts are more than one.
func Handler(specURL string, opts ...Options) http.Handler {
	if len(opts) > 1 {
		panic(fmt.Sprintf("docs: Handler with %d Options, want at most one", len(opts)))
	}
	if err := checkSpecURL(specURL); err != nil {
		panic(err)
	}
	var o Options
	if len(opts) == 1 {
		o = opts[0]
	}
	if o.Title == "" {
		o.Title = "API documentation"
	}
	page, err := renderPage(specURL, o.Title)
	if err != nil {
		panic("docs: " + err.Error()) // cannot happen: the template is embedded and tested
	}
	return &handler{page: page}
}

// checkSpecURL returns an error unless u is a path on the same origin.
func checkSpecURL(u string) error {
	p, err := url.Parse(u)
	switch {
	case u == "":
		return fmt.Errorf("docs: Handler with an empty spec URL")
	case err != nil:
		return fmt.Errorf("docs: Handler spec URL %q: %v", u, err)
	case p.Scheme != "" || p.Host != "" || strings.HasPrefix(u, "//"):
		return fmt.Errorf("docs: Handler spec URL %q: want a path on the page's origin (the page's Content-Security-Policy allows no other)", u)
	}
	return nil
}

// renderPage fills the page's template with the spec URL and title.
func renderPage(specURL, title string) ([]byte, error) {
	t, err := template.ParseFS(assets, "assets/index.html")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, struct{ SpecURL, Title string }{specURL, title}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// assetType returns the content type of the asset named name, and whether
// there is one.
func assetType(name string) (string, bool) {
	switch name {
	case "docs.js":
		return "text/javascript; charset=utf-8", true
	case "docs.css":
		return "text/css; charset=utf-8", true
	case "favicon.svg":
		return "image/svg+xml", true
	}
	return "", false
}

// ServeHTTP serves the page, an asset, or the redirect that adds a "/".
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		tonic.WriteError(w, r, http.StatusMethodNotAllowed,
			tonic.Errorf(http.StatusMethodNotAllowed, "the docs page answers GET and HEAD, not %s", r.Method))
		return
	}
	clientPath := r.URL.Path
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
		clientPath = u.Path // the path as the browser sees it, before any prefix was stripped
	}
	base := path.Base(clientPath)
	if ct, ok := assetType(base); ok {
		h.serveAsset(w, r, base, ct)
		return
	}
	if !strings.HasSuffix(clientPath, "/") {
		target := base + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		// A reference relative to the browser's URL: http.Redirect would
		// resolve it against r.URL.Path, which a namespace has stripped.
		w.Header().Set("Location", target)
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	setHeaders(w, "text/html; charset=utf-8")
	_, _ = w.Write(h.page)
}

// serveAsset writes the embedded asset name.
func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, name, contentType string) {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		tonic.WriteError(w, r, http.StatusInternalServerError, err) // cannot happen: assets are embedded
		return
	}
	setHeaders(w, contentType)
	_, _ = w.Write(b)
}

// setHeaders sets the content type and the security headers.
func setHeaders(w http.ResponseWriter, contentType string) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cache-Control", "no-cache")
}
