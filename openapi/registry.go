package openapi

import (
	"fmt"
	"maps"
	"reflect"
)

// DefaultRefPrefix is where references point unless RegistryOptions says
// otherwise: the schemas of an OpenAPI document's components.
const DefaultRefPrefix = "#/components/schemas/"

// RegistryOptions configures a Registry. The zero value suits an OpenAPI
// document.
type RegistryOptions struct {
	// RefPrefix is put before a component's name to make a reference.
	// Defaults to DefaultRefPrefix; "#/$defs/" suits a standalone JSON
	// Schema.
	RefPrefix string
}

// Registry makes the schemas of one document, and collects the named
// schemas (components) they refer to. A document builder keeps one
// Registry per document, asks it for each request, response and parameter
// schema, and writes Components as components/schemas at the end. It is
// not safe for concurrent use.
type Registry struct {
	prefix  string
	names   map[reflect.Type]string // named types that are components
	schemas map[string]*Schema      // by name; nil while being built
	inline  map[reflect.Type]bool   // named non-struct types being built inline
}

// NewRegistry returns an empty Registry. It panics if given more than one
// RegistryOptions.
func NewRegistry(opts ...RegistryOptions) *Registry {
	if len(opts) > 1 {
		panic("openapi: NewRegistry takes at most one RegistryOptions")
	}
	r := &Registry{prefix: DefaultRefPrefix, names: map[reflect.Type]string{},
		schemas: map[string]*Schema{}, inline: map[reflect.Type]bool{}}
	if len(opts) == 1 && opts[0].RefPrefix != "" {
		r.prefix = opts[0].RefPrefix
	}
	return r
}

// Schema returns the schema of values of type t, by the rules of the
// package documentation. A named struct type, and every one it reaches,
// becomes a component; its schema is a reference ({"$ref":
// "#/components/schemas/Item"}), a fresh one per call, which the caller may
// annotate. Other schemas are made fresh on each call. A pointer is
// nullable: to describe a request or response body declared as *T, pass T
// unless null is a value the body may take. An error names the type and
// field at fault; the Registry is then as it was before the call.
func (r *Registry) Schema(t reflect.Type) (*Schema, error) {
	if t == nil {
		return nil, fmt.Errorf("openapi: Schema(nil): want a type")
	}
	return r.transaction(func(g *generator) (*Schema, error) { return g.schema(t) })
}

// BodySchema returns the schema of a request body of struct type t (or a
// pointer to one, taken as the struct): the schema Schema returns, except
// that the fields skip reports (such as parameters bound from the path,
// query or headers) are left out. When skip leaves out none, the result is
// Schema's reference; otherwise it is an inline object schema.
func (r *Registry) BodySchema(t reflect.Type, skip func(reflect.StructField) bool) (*Schema, error) {
	if t == nil {
		return nil, fmt.Errorf("openapi: BodySchema(nil): want a type")
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return r.transaction(func(g *generator) (*Schema, error) {
		if t.Kind() != reflect.Struct || skip == nil || !skipsAny(t, skip) {
			return g.schema(t)
		}
		return g.object(t, skip)
	})
}

// FieldSchema returns the schema of field sf of struct type owner, as a
// parameter: the schema of its type with the field's validation tags, doc
// and example applied; a pointer is not nullable, as a parameter is absent
// or has a value. sf.Index is the index path from owner, as
// reflect.VisibleFields gives it, so that a field promoted from an embedded
// struct names its declaring type in errors.
func (r *Registry) FieldSchema(owner reflect.Type, sf reflect.StructField) (*Schema, error) {
	return r.transaction(func(g *generator) (*Schema, error) {
		return g.field(declaring(owner, sf.Index), sf, false, true)
	})
}

// Components returns the named schemas made so far, by name: the
// components/schemas of the document. The map is a copy; the schemas are
// not.
func (r *Registry) Components() map[string]*Schema {
	return maps.Clone(r.schemas)
}

// transaction runs build, and on error forgets the components it added, so
// that a failed call leaves the Registry as it was.
func (r *Registry) transaction(build func(*generator) (*Schema, error)) (*Schema, error) {
	g := &generator{r: r}
	s, err := build(g)
	if err != nil {
		for _, t := range g.added {
			delete(r.schemas, r.names[t])
			delete(r.names, t)
		}
		clear(r.inline)
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return s, nil
}

// skipsAny reports whether skip reports a field of struct type t, its
// embedded structs included.
func skipsAny(t reflect.Type, skip func(reflect.StructField) bool) bool {
	for _, sf := range reflect.VisibleFields(t) {
		if skip(sf) {
			return true
		}
	}
	return false
}

// declaring returns the struct type, t or one embedded in it, that
// declares the field at index.
func declaring(t reflect.Type, index []int) reflect.Type {
	for len(index) > 1 {
		t = t.Field(index[0]).Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		index = index[1:]
	}
	return t
}
