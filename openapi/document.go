package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Options configures New. The zero value means the defaults.
type Options struct {
	// ErrorWriter is the error format the service uses (see
	// server.Options.ErrorWriter), whose body the error responses
	// describe: tonic.JSONErrors or tonic.ProblemErrors; another writer's
	// bodies are documented as unknown content. Defaults to
	// tonic.JSONErrors.
	ErrorWriter tonic.ErrorWriter
}

// Document is an OpenAPI 3.1 document, made by New. It is immutable and
// safe for concurrent use.
type Document struct {
	json []byte
}

// builder makes one Document.
type builder struct {
	reg       *Registry
	doc       *document
	errorBody errorBody
	usesError bool                       // an operation has an error response
	shapes    map[string]string          // a path's shape (shapeOf) to the path
	schemes   map[string]*securityScheme // by name
	ops       []*operation               // in the order of the routes
}

// New returns the OpenAPI 3.1 document of the routes registered on mux so
// far (register it last, after every route it describes): each route's
// method and path with its path parameters, and for a typed handler
// (*marshal.Handler, found behind any middleware whose handler has an
// Unwrap method) its query and header parameters, request body, success
// response and the errors it answers, with the schemas of package Schema's
// rules; what marshal.Options and Describe say; security and a 401 for
// routes behind middleware.BasicAuth. Muxes mounted as namespaces
// contribute their routes under the namespace's prefix; another handler
// mounted as a namespace appears as a catch-all path with every method.
// The HEAD and OPTIONS answers the mux makes itself are not operations.
//
// It returns an error, naming the route, when info lacks its Title or
// Version, when a type has no schema (see Registry.Schema), when a field
// binds a path wildcard the pattern lacks, when two operations are given
// the same operation ID, or when two paths differ only in the names of
// their wildcards. It panics if given more than one Options.
func New(mux *tonic.TrieServeMux, info Info, opts ...Options) (*Document, error) {
	if len(opts) > 1 {
		panic("openapi: New takes at most one Options")
	}
	if mux == nil {
		return nil, errors.New("openapi: New(nil, ...): want a mux")
	}
	if info.Title == "" || info.Version == "" {
		return nil, fmt.Errorf("openapi: Info has Title %q and Version %q, want both", info.Title, info.Version)
	}
	b := &builder{reg: NewRegistry(), doc: &document{OpenAPI: Version, Info: info, Paths: map[string]*pathItem{}},
		shapes: map[string]string{}, schemes: map[string]*securityScheme{}}
	if len(opts) == 1 {
		b.errorBody = errorBodyOf(opts[0].ErrorWriter)
	}
	if err := b.mux(mux, "", chain{}); err != nil {
		return nil, err
	}
	if err := assignIDs(b.ops); err != nil {
		return nil, err
	}
	b.components()
	js, err := encode(b.doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: encoding the document: %w", err)
	}
	return &Document{json: js}, nil
}

// components sets the document's components: the schemas of the types,
// of the error body and the security schemes, if any.
func (b *builder) components() {
	c := &components{Schemas: b.reg.Components()}
	if b.usesError {
		maps.Copy(c.Schemas, errorSchemas(b.errorBody))
	}
	if len(b.schemes) > 0 {
		c.SecuritySchemes = b.schemes
	}
	if len(c.Schemas) == 0 {
		c.Schemas = nil
	}
	if c.Schemas != nil || c.SecuritySchemes != nil {
		b.doc.Components = c
	}
}

// encode returns v as indented JSON, with HTML characters as they are.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// JSON returns the document as indented JSON ending in a newline, with
// object keys in a fixed order: the same routes give the same bytes. The
// slice is a copy.
func (d *Document) JSON() []byte { return bytes.Clone(d.json) }

// MarshalJSON returns the document as JSON.
func (d *Document) MarshalJSON() ([]byte, error) { return d.JSON(), nil }
