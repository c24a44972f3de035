package middleware

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CORSOptions configures CORS.
type CORSOptions struct {
	// Methods lists the methods allowed in cross-origin requests. GET, HEAD
	// and POST are always allowed, as the Fetch standard says. Defaults to
	// GET, HEAD and POST.
	Methods []string
	// Headers lists the request headers allowed beyond the CORS-safelisted
	// ones (Accept, Accept-Language, Content-Language, Content-Type), or is
	// {"*"} to allow any. Defaults to none.
	Headers []string
	// ExposedHeaders lists the response headers scripts may read beyond the
	// safelisted ones. Defaults to none.
	ExposedHeaders []string
	// Credentials lets browsers send cookies and HTTP authentication and
	// read the responses. It cannot be combined with the "*" origin.
	// Defaults to false.
	Credentials bool
	// MaxAge is how long browsers may cache a preflight answer, sent in
	// whole seconds. Defaults to 0: not sent, so browsers use their own
	// default (5 s in most).
	MaxAge time.Duration
}

// cors is a configured CORS.
type cors struct {
	anyOrigin   bool
	origins     map[string]bool
	methods     map[string]bool
	anyHeader   bool
	headers     map[string]bool // lower case
	allowMethod string          // Access-Control-Allow-Methods
	allowHeader string          // Access-Control-Allow-Headers, unless anyHeader
	expose      string          // Access-Control-Expose-Headers
	credentials bool
	maxAge      string
}

// CORS returns middleware that implements Cross-Origin Resource Sharing
// for the handler it wraps. Mount it around the whole mux: it answers every
// preflight request (OPTIONS with Origin and Access-Control-Request-Method)
// itself with 204, for every route and whatever wraps the route handlers,
// and the mux never sees it.
//
// For an allowed origin, responses carry Access-Control-Allow-Origin ("*"
// with the "*" origin, else the request's origin) and, as configured,
// Access-Control-Allow-Credentials and Access-Control-Expose-Headers; a
// preflight answer also carries Access-Control-Allow-Methods,
// Access-Control-Allow-Headers and Access-Control-Max-Age. A preflight
// asking for a method or header that is not allowed gets no
// Access-Control-Allow-* headers, so the browser refuses the request. No
// Access-Control-* header is ever sent empty. Unless any origin is allowed
// without credentials, every response carries Vary: Origin, since its
// headers depend on the Origin.
//
// origins lists the origins allowed to read responses, as browsers send them
// ("https://app.example.com", "http://localhost:3000"), or is {"*"} to allow
// any origin; "null" is allowed only when listed. opts, at most one, add
// methods, headers, credentials and a preflight max age (see CORSOptions).
//
// It panics if origins is empty, mixes "*" with origins, or lists something
// that is not an origin, or if opts combine "*" with Credentials or have a
// negative MaxAge.
func CORS(origins []string, opts ...CORSOptions) Middleware {
	c := newCORS(origins, oneOptions("CORS", opts))
	return func(next http.Handler) http.Handler {
		mustHandler("CORS", next)
		return handler(next, func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			if !c.anyOrigin || c.credentials {
				h.Add("Vary", "Origin")
			}
			origin := r.Header.Get("Origin")
			if r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != "" {
				c.preflight(w, r, origin)
				return
			}
			if origin != "" && c.allowOrigin(origin) {
				c.setOrigin(h, origin)
				if c.expose != "" {
					h.Set("Access-Control-Expose-Headers", c.expose)
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// newCORS validates opts and precomputes the header values.
func newCORS(origins []string, opts CORSOptions) *cors {
	c := &cors{origins: map[string]bool{}, methods: map[string]bool{}, headers: map[string]bool{},
		credentials: opts.Credentials}
	c.anyOrigin = checkOrigins(origins, opts.Credentials)
	for _, o := range origins {
		c.origins[strings.ToLower(o)] = true
	}
	methods := opts.Methods
	if len(methods) == 0 {
		methods = []string{http.MethodGet, http.MethodHead, http.MethodPost}
	}
	for _, m := range append([]string{http.MethodGet, http.MethodHead, http.MethodPost}, methods...) {
		c.methods[strings.ToUpper(m)] = true
	}
	c.allowMethod = strings.ToUpper(strings.Join(methods, ", "))
	for _, hd := range opts.Headers {
		if hd == "*" {
			c.anyHeader = true
		}
		c.headers[strings.ToLower(hd)] = true
	}
	if !c.anyHeader {
		c.allowHeader = strings.Join(opts.Headers, ", ")
	}
	c.expose = strings.Join(opts.ExposedHeaders, ", ")
	if opts.MaxAge < 0 {
		panic("middleware: CORS: negative MaxAge")
	}
	if s := int64(opts.MaxAge / time.Second); s > 0 {
		c.maxAge = strconv.FormatInt(s, 10)
	}
	return c
}

// checkOrigins panics on an unusable origin list and reports whether it
// allows any origin.
func checkOrigins(origins []string, credentials bool) bool {
	if len(origins) == 0 {
		panic("middleware: CORS without origins")
	}
	if len(origins) == 1 && origins[0] == "*" {
		if credentials {
			panic(`middleware: CORS: the "*" origin cannot be combined with Credentials`)
		}
		return true
	}
	for _, o := range origins {
		if o == "null" {
			continue
		}
		u, err := url.Parse(o)
		if o == "*" || err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
			panic(fmt.Sprintf("middleware: CORS: %q is not an origin (scheme://host[:port], or \"*\" alone)", o))
		}
	}
	return false
}

// allowOrigin reports whether origin may read responses.
func (c *cors) allowOrigin(origin string) bool {
	return c.anyOrigin || c.origins[origin] || c.origins[strings.ToLower(origin)]
}

// setOrigin sets Access-Control-Allow-Origin and -Credentials.
func (c *cors) setOrigin(h http.Header, origin string) {
	if c.anyOrigin {
		h.Set("Access-Control-Allow-Origin", "*")
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	if c.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}

// preflight answers a preflight request with 204.
func (c *cors) preflight(w http.ResponseWriter, r *http.Request, origin string) {
	h := w.Header()
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	method := r.Header.Get("Access-Control-Request-Method")
	requested := r.Header.Values("Access-Control-Request-Headers")
	if c.allowOrigin(origin) && c.methods[method] && c.allowHeaders(requested) {
		c.setOrigin(h, origin)
		h.Set("Access-Control-Allow-Methods", c.allowMethod)
		allow := c.allowHeader
		if c.anyHeader {
			allow = strings.Join(requested, ", ")
		}
		if allow != "" {
			h.Set("Access-Control-Allow-Headers", allow)
		}
		if c.maxAge != "" {
			h.Set("Access-Control-Max-Age", c.maxAge)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// allowHeaders reports whether every header named in the
// Access-Control-Request-Headers lines may be sent.
func (c *cors) allowHeaders(lines []string) bool {
	if c.anyHeader {
		return true
	}
	for _, line := range lines {
		for _, name := range strings.Split(line, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			switch name {
			case "", "accept", "accept-language", "content-language", "content-type":
				continue
			}
			if !c.headers[name] {
				return false
			}
		}
	}
	return true
}
