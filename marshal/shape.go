package marshal

import (
	"encoding"
	"encoding/json"
	"reflect"
	"sort"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
)

// shapeKind says how the strict key check treats a JSON value.
type shapeKind uint8

const (
	// shapeOpaque values are not looked into: scalars, and types that decode
	// themselves (json.Unmarshaler, encoding.TextUnmarshaler).
	shapeOpaque shapeKind = iota
	// shapeStruct objects may only have the struct's JSON field names.
	shapeStruct
	// shapeMap objects may have any keys, each once.
	shapeMap
	// shapeList arrays hold elements of one shape.
	shapeList
	// shapeAny values (an empty interface) may be anything; their objects
	// still may not repeat a key.
	shapeAny
)

// shape describes, for the strict key check, which object keys a Go type
// accepts. It is built once per request type, at construction.
type shape struct {
	kind   shapeKind
	fields map[string]fieldShape // shapeStruct: exact JSON name to field
	names  []string              // shapeStruct: the JSON names, sorted, for hints
	elem   *shape                // shapeMap and shapeList: the element shape
}

// fieldShape is one known key of a struct shape: its position among the
// struct's keys (for duplicate detection) and the shape of its value.
type fieldShape struct {
	slot  int
	shape *shape
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// shapeBuilder builds shapes, sharing one shape per type so that recursive
// types terminate.
type shapeBuilder struct {
	done map[reflect.Type]*shape
	skip func(reflect.StructField) bool // fields bound as parameters, top level only
}

// bodyShape returns the shape of request type t (the declared *T, map or
// slice), leaving out the fields of the top-level struct that skip reports.
func bodyShape(t reflect.Type, skip func(reflect.StructField) bool) *shape {
	b := &shapeBuilder{done: map[reflect.Type]*shape{}, skip: skip}
	return b.build(t)
}

// build returns the shape of t.
func (b *shapeBuilder) build(t reflect.Type) *shape {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := b.done[t]; ok {
		return s
	}
	s := &shape{}
	b.done[t] = s
	switch {
	case decodesItself(t):
		s.kind = shapeOpaque
	case t.Kind() == reflect.Struct:
		b.buildStruct(s, t)
	case t.Kind() == reflect.Map:
		s.kind, s.elem = shapeMap, b.build(t.Elem())
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		s.kind, s.elem = shapeList, b.build(t.Elem())
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		s.kind = shapeAny
	}
	return s
}

// buildStruct fills s with the JSON fields of struct type t.
func (b *shapeBuilder) buildStruct(s *shape, t reflect.Type) {
	skip := b.skip
	b.skip = nil // parameters are bound only on the top-level struct
	fields := jsonfield.Fields(t, skip)
	s.kind = shapeStruct
	s.fields = make(map[string]fieldShape, len(fields))
	for _, f := range fields {
		s.names = append(s.names, f.Name)
	}
	sort.Strings(s.names)
	for _, f := range fields {
		slot := sort.SearchStrings(s.names, f.Name)
		s.fields[f.Name] = fieldShape{slot: slot, shape: b.build(f.Type)}
	}
}

// decodesItself reports whether encoding/json hands values of type t (or
// *t) to their own UnmarshalJSON or UnmarshalText method. t is not a pointer.
func decodesItself(t reflect.Type) bool {
	for _, u := range []reflect.Type{jsonUnmarshalerType, textUnmarshalerType} {
		if t.Implements(u) || reflect.PointerTo(t).Implements(u) {
			return true
		}
	}
	return false
}
