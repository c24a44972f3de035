package openapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
	"github.com/seed78c03fa0/tonic/internal/validate"
)

// schemer is implemented by types that give their own schema.
type schemer interface{ JSONSchema() *Schema }

var (
	schemerType        = reflect.TypeFor[schemer]()
	jsonMarshalerType  = reflect.TypeFor[json.Marshaler]()
	textMarshalerType  = reflect.TypeFor[encoding.TextMarshaler]()
	timeType           = reflect.TypeFor[time.Time]()
	jsonNumberType     = reflect.TypeFor[json.Number]()
	jsonRawMessageType = reflect.TypeFor[json.RawMessage]()
)

// generator makes the schemas of one Registry call.
type generator struct {
	r     *Registry
	added []reflect.Type // components registered by this call
}

// schema returns the schema of type t.
func (g *generator) schema(t reflect.Type) (*Schema, error) {
	if s, ok, err := custom(t); ok || err != nil {
		return s, err
	}
	if t.Kind() == reflect.Pointer {
		s, err := g.schema(t.Elem())
		if err != nil {
			return nil, err
		}
		return nullable(s), nil
	}
	if name, ok := g.r.names[t]; ok {
		return g.ref(name), nil
	}
	if t.Name() != "" && !encodesItself(t) {
		switch t.Kind() {
		case reflect.Struct:
			return g.component(t)
		case reflect.Slice, reflect.Array, reflect.Map:
			return g.namedInline(t)
		}
	}
	return g.build(t)
}

// custom returns the schema of a type with a JSONSchema method (on the
// value or the pointer), a copy the caller may annotate.
func custom(t reflect.Type) (*Schema, bool, error) {
	if t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface {
		return nil, false, nil
	}
	var s *Schema
	switch {
	case t.Implements(schemerType):
		s = reflect.Zero(t).Interface().(schemer).JSONSchema()
	case reflect.PointerTo(t).Implements(schemerType):
		s = reflect.New(t).Interface().(schemer).JSONSchema()
	default:
		return nil, false, nil
	}
	if s == nil {
		return nil, true, fmt.Errorf("%s.JSONSchema returned nil, want a schema", t)
	}
	c := *s
	return &c, true, nil
}

// ref returns a fresh reference to the component called name.
func (g *generator) ref(name string) *Schema {
	return &Schema{Ref: g.r.prefix + name}
}

// register names t as a component, its schema to come.
func (g *generator) register(t reflect.Type) string {
	name := uniqueName(componentName(t), t, func(n string) bool { _, ok := g.r.schemas[n]; return ok })
	g.r.names[t], g.r.schemas[name] = name, nil
	g.added = append(g.added, t)
	return name
}

// component makes named struct type t a component and returns a reference.
func (g *generator) component(t reflect.Type) (*Schema, error) {
	name := g.register(t)
	s, err := g.object(t, nil)
	if err != nil {
		return nil, err
	}
	g.r.schemas[name] = s
	return g.ref(name), nil
}

// namedInline returns the schema of a named slice, array or map type
// inline, unless the type refers to itself: then it becomes a component,
// so that its schema is finite.
func (g *generator) namedInline(t reflect.Type) (*Schema, error) {
	if g.r.inline[t] {
		return g.ref(g.register(t)), nil
	}
	g.r.inline[t] = true
	s, err := g.build(t)
	delete(g.r.inline, t)
	if name, ok := g.r.names[t]; ok && err == nil {
		g.r.schemas[name] = s
		return g.ref(name), nil
	}
	return s, err
}

// encodesItself reports whether encoding/json hands values of type t (or
// *t) to a MarshalJSON or MarshalText method.
func encodesItself(t reflect.Type) bool {
	return implements(t, jsonMarshalerType) || implements(t, textMarshalerType)
}

// implements reports whether t or *t implements u.
func implements(t, u reflect.Type) bool {
	return t.Implements(u) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(u))
}

// build returns the schema of t by its encoding and kind, with the values
// of its Enum method.
func (g *generator) build(t reflect.Type) (*Schema, error) {
	s, err := g.byKind(t)
	if err != nil {
		return nil, err
	}
	enum, err := validate.TypeEnum(t)
	if err != nil {
		return nil, err
	}
	s.Enum = enum
	return s, nil
}

// byKind returns the schema of t: special types, then types that encode
// themselves, then by kind.
func (g *generator) byKind(t reflect.Type) (*Schema, error) {
	switch {
	case t == timeType:
		return &Schema{Type: Types{"string"}, Format: "date-time"}, nil
	case t == jsonNumberType:
		return &Schema{Type: Types{"number"}}, nil
	case t == jsonRawMessageType, implements(t, jsonMarshalerType):
		return &Schema{}, nil
	case implements(t, textMarshalerType):
		return &Schema{Type: Types{"string"}}, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return &Schema{Type: Types{"boolean"}}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return integer(t), nil
	case reflect.Float32:
		return &Schema{Type: Types{"number"}, Format: "float"}, nil
	case reflect.Float64:
		return &Schema{Type: Types{"number"}, Format: "double"}, nil
	case reflect.String:
		return &Schema{Type: Types{"string"}}, nil
	case reflect.Interface:
		return &Schema{}, nil
	case reflect.Slice, reflect.Array:
		return g.array(t)
	case reflect.Map:
		return g.mapSchema(t)
	case reflect.Struct:
		return g.object(t, nil)
	}
	return nil, fmt.Errorf("%s has no JSON encoding", t)
}

// integer returns the schema of an integer type: int32 and int64 by
// format, the others by their bounds.
func integer(t reflect.Type) *Schema {
	s := &Schema{Type: Types{"integer"}}
	unsigned := t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr
	switch bits := t.Bits(); {
	case !unsigned && bits == 32:
		s.Format = "int32"
	case !unsigned && bits == 64:
		s.Format = "int64"
	case !unsigned:
		s.Minimum = json.Number(strconv.FormatInt(int64(-1)<<(bits-1), 10))
		s.Maximum = json.Number(strconv.FormatInt(int64(1)<<(bits-1)-1, 10))
	case bits < 64:
		s.Minimum, s.Maximum = "0", json.Number(strconv.FormatUint(uint64(1)<<bits-1, 10))
	default:
		s.Minimum = "0"
	}
	return s
}

// array returns the schema of a slice or array; a []byte is a base64
// string, as encoding/json writes it.
func (g *generator) array(t reflect.Type) (*Schema, error) {
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && !encodesItself(t.Elem()) {
		return &Schema{Type: Types{"string"}, ContentEncoding: "base64"}, nil
	}
	items, err := g.schema(t.Elem())
	if err != nil {
		return nil, err
	}
	s := &Schema{Type: Types{"array"}, Items: items}
	if t.Kind() == reflect.Array {
		n := t.Len()
		s.MinItems, s.MaxItems = &n, &n
	}
	return s, nil
}

// mapSchema returns the schema of a map: an object whose members all have
// the element's schema. Keys are strings, encoding.TextMarshalers or
// integers (whose names the schema constrains), as encoding/json allows.
func (g *generator) mapSchema(t reflect.Type) (*Schema, error) {
	s := &Schema{Type: Types{"object"}}
	k := t.Key()
	switch {
	case k.Kind() == reflect.String, implements(k, textMarshalerType):
	case k.Kind() >= reflect.Int && k.Kind() <= reflect.Int64:
		s.PropertyNames = &Schema{Pattern: "^-?[0-9]+$"}
	case k.Kind() >= reflect.Uint && k.Kind() <= reflect.Uintptr:
		s.PropertyNames = &Schema{Pattern: "^[0-9]+$"}
	default:
		return nil, fmt.Errorf("%s has no JSON encoding: its keys are neither strings, integers nor encoding.TextMarshalers", t)
	}
	elem, err := g.schema(t.Elem())
	if err != nil {
		return nil, err
	}
	s.AdditionalProperties = elem
	return s, nil
}

// object returns the schema of struct type t: its JSON fields as
// properties, required unless omitempty or omitzero may leave them out, and
// no other members.
func (g *generator) object(t reflect.Type, skip func(reflect.StructField) bool) (*Schema, error) {
	s := &Schema{Type: Types{"object"}, AdditionalProperties: &Schema{False: true}}
	for _, f := range jsonfield.Fields(t, skip) {
		sf := t.FieldByIndex(f.Index)
		ps, err := g.field(declaring(t, f.Index), sf, f.Quoted, false)
		if err != nil {
			return nil, err
		}
		s.Properties = append(s.Properties, Property{Name: f.Name, Schema: ps})
		if !f.Optional() {
			s.Required = append(s.Required, f.Name)
		}
	}
	return s, nil
}
