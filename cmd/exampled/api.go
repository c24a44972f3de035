package main

import (
	"net/http"
	"reflect"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/openapi/docs"
	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// authRealm is the realm of the Basic authentication of writes.
const authRealm = "exampled"

// corsMaxAge is how long browsers may cache a CORS preflight answer.
const corsMaxAge = 10 * time.Minute

// apiOptions are what the API is built from.
type apiOptions struct {
	store       *Store
	log         zerolog.Logger
	registry    metrics.Registry // per-route counters and timers
	auth        credentials      // the user allowed to write
	corsOrigins []string         // nil for no CORS
	proxies     proxies          // mounted beside /1.0, behind the same middleware
	version     string           // the build's version, answered at /1.0/version and in the OpenAPI document
}

// newAPI returns the API handler: the routes under /1.0, wrapped in
// RequestID, Logged, Counted, Timed and Recovered (per-route metrics), and
// CORS when origins are given; writes need Basic authentication and are
// refused to the pages of other sites (see writeGuard). The -proxy mounts
// sit beside /1.0 behind the same middleware. It also returns the API's
// OpenAPI document, which the handler serves at /openapi.json; its error is
// the document's.
func newAPI(o apiOptions) (http.Handler, *openapi.Document, error) {
	mux := tonic.NewTrieServeMux()
	(&stuff{store: o.store}).routes(mux.Group(apiPrefix),
		writeGuard(o))
	mux.Handle("GET", apiPrefix+"/version", openapi.Describe(tonic.Version(o.version), openapi.Operation{
		ID: "version", Summary: "The build's version, as the admin listener's /info shows it", Tags: []string{"service"},
		Response: reflect.TypeFor[VersionReply]()}))
	o.proxies.mount(mux)
	doc, err := openapi.New(mux, apiInfo(o.version))
	if err != nil {
		return nil, nil, err
	}
	serveDocument(mux, doc)

	stack := []middleware.Middleware{
		middleware.RequestID(),
		middleware.Logged(o.log),
		middleware.Counted(o.registry, ""),
		middleware.Timed(o.registry, ""),
		middleware.Recovered(o.log),
	}
	if o.corsOrigins != nil {
		stack = append(stack, middleware.CORS(o.corsOrigins, middleware.CORSOptions{
			Methods:        []string{"GET", "HEAD", "POST", "PUT", "DELETE"},
			Headers:        []string{"Authorization", "Content-Type", tonic.RequestIDHeader},
			ExposedHeaders: []string{"Location", tonic.RequestIDHeader},
			MaxAge:         corsMaxAge,
		}))
	}
	return middleware.Chain(stack...)(mux), doc, nil
}

// routes registers the API on v1, with the writes behind auth. Each route
// declares the errors it returns beyond those marshal answers itself (400,
// 406, 413, 415, 422, 500) and auth's 401, for the document.
func (s *stuff) routes(v1 *tonic.Group, auth middleware.Middleware) {
	notFound := []error{tonic.NewError(http.StatusNotFound, "no stuff with that id")}
	tags := []string{"stuff"}
	v1.Handle("POST", "/stuff", auth(marshal.Typed(s.create, marshal.Options{MaxBodyBytes: maxBodyBytes,
		Status: http.StatusCreated, Tags: tags, Summary: "Create an item",
		Description: "Stores a new item and answers it, with its URL in the Location header."})))
	v1.Handle("GET", "/stuff", marshal.Typed(s.list, marshal.Options{Tags: tags, Summary: "List the items",
		Description: "A page of the items, in the order they were created, and how many there are."}))
	v1.Handle("GET", "/stuff/{id}", marshal.Typed(s.get, marshal.Options{Tags: tags, Summary: "Get an item",
		Errors: notFound}))
	v1.Handle("PUT", "/stuff/{id}", auth(marshal.Typed(s.update, marshal.Options{MaxBodyBytes: maxBodyBytes,
		Tags: tags, Summary: "Replace an item's name and count", Errors: notFound})))
	v1.Handle("DELETE", "/stuff/{id}", auth(marshal.Typed(s.remove, marshal.Options{Status: http.StatusNoContent,
		Tags: tags, Summary: "Delete an item", Errors: notFound})))
	v1.Handle("GET", "/sleep/{ms}", marshal.Typed(sleep, marshal.Options{Tags: []string{"sleep"},
		Summary: "Sleep, then answer",
		Description: "Answers after ms milliseconds, showing in the admin listener's in-flight table meanwhile. " +
			"An operator's cancel, or a drain that runs out of time, ends it early with 503.",
		Errors: []error{server.ErrRequestCanceled, server.ErrShuttingDown}}))
}

// VersionReply is the body of GET /1.0/version (tonic.Version's).
type VersionReply struct {
	Version string `json:"version"`
}

// apiInfo is the Info of the API's document.
func apiInfo(version string) openapi.Info {
	return openapi.Info{Title: "exampled", Version: version,
		Summary: "The stuff service: tonic's example daemon.",
		Description: "Items with a name and a count, under /1.0. The writes need HTTP Basic authentication. " +
			"Every response carries an X-Request-ID header."}
}

// serveDocument registers the routes that serve the API's document, last,
// after every route it describes: GET /openapi.json, and the page that
// renders it at /docs/.
func serveDocument(mux *tonic.TrieServeMux, doc *openapi.Document) {
	mux.Handle("GET", "/openapi.json", doc.Handler())
	mux.Handle("GET", "/docs/{file...}", docs.Handler("/openapi.json", docs.Options{Title: "exampled"}))
}

// writeGuard returns the middleware of the writes: the cross-site request
// forgery guard (a browser page of another site cannot make a signed-in
// browser write; the CORS origins are trusted), then Basic authentication.
// With -cors-origin '*' every site may write by the operator's choice, and
// the guard is left out.
func writeGuard(o apiOptions) middleware.Middleware {
	auth := middleware.BasicAuth(authRealm, map[string]string{o.auth.user: o.auth.password})
	if len(o.corsOrigins) == 1 && o.corsOrigins[0] == "*" {
		return auth
	}
	return middleware.Chain(middleware.CrossOrigin(middleware.CrossOriginOptions{TrustedOrigins: o.corsOrigins}), auth)
}
