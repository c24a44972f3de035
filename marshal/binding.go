package marshal

import (
	"fmt"
	"reflect"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
)

// Binding describes how a Handler maps a request struct onto an HTTP
// request: the fields it binds from the path, query and headers, and the
// fields it decodes from the JSON body. It is what a client needs to send a
// request that the Handler reads back into the same value (package
// github.com/seed78c03fa0/tonic/client builds requests from it).
//
// A Binding is a description computed by BindingOf; marshal keeps no copy,
// so callers that need it often cache it per type. Treat it as read-only.
type Binding struct {
	// Type is the struct type.
	Type reflect.Type
	// Parameters are the fields bound from the path, query and headers, in
	// field order, as Handler.Parameters lists them.
	Parameters []BoundParameter
	// Body are the fields of the JSON body, in encoding/json's order: the
	// fields encoding/json sees, less the parameters.
	Body []BodyField
}

// BoundParameter is a Parameter with where its field is.
type BoundParameter struct {
	Parameter
	// Index is the field's index path, as reflect.Value.FieldByIndex takes
	// it.
	Index []int
	// Repeated reports a slice field: one value per element, as repeated
	// query keys or header lines.
	Repeated bool
}

// BodyField is one field of the JSON body.
type BodyField struct {
	// Name is the JSON object key.
	Name string
	// Field is the Go name of the field.
	Field string
	// Index is the field's index path, through embedded structs, as
	// reflect.Value.FieldByIndex takes it; a field promoted from an embedded
	// pointer is absent while the pointer is nil.
	Index []int
	// Type is the field's Go type.
	Type reflect.Type
	// Quoted reports the ",string" option: the value is encoded inside a
	// JSON string.
	Quoted bool

	field jsonfield.Field
}

// Omitted reports whether encoding/json leaves the field's value v out of
// an encoded object: its "json" tag has omitempty and v is empty, or
// omitzero and v is zero.
func (f BodyField) Omitted(v reflect.Value) bool { return f.field.Omitted(v) }

// BindingOf returns the Binding of t, a struct type or a pointer to one, as
// Typed and Marshaled bind a request of that type. Its error names the
// first field whose parameter tags or type are wrong, as Typed's panic
// does. BindingOf changes nothing in marshal and caches nothing.
func BindingOf(t reflect.Type) (*Binding, error) {
	st := t
	if st != nil && st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st == nil || st.Kind() != reflect.Struct {
		return nil, fmt.Errorf("marshal: BindingOf(%v): want a struct or a pointer to a struct", t)
	}
	params, err := paramsOf(st)
	if err != nil {
		return nil, fmt.Errorf("marshal: BindingOf(%v): %w", t, err)
	}
	b := &Binding{Type: st, Parameters: make([]BoundParameter, len(params))}
	for i, p := range params {
		b.Parameters[i] = BoundParameter{Parameter: p.Parameter, Index: p.index, Repeated: p.slice}
	}
	for _, f := range jsonfield.Fields(st, isParam) {
		b.Body = append(b.Body, BodyField{Name: f.Name, Field: f.GoName, Index: f.Index, Type: f.Type, Quoted: f.Quoted, field: f})
	}
	return b, nil
}
