package client

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/seed78c03fa0/tonic/marshal"
)

// typePlan is what a Client knows about a request type: the parameters it
// binds and how its body is written. It is made once per type, from
// marshal's Binding, so that the client writes what marshal reads.
type typePlan struct {
	typ   reflect.Type
	ptr   bool // the request value is a pointer to typ
	whole bool // the body is the codec's encoding of the whole value
	path  []*param
	query []*param
	head  []*param
	body  []bodyField // the body's fields, when neither whole nor empty
}

// param is a parameter and how its values are written.
type param struct {
	marshal.BoundParameter
	pointer bool      // the field (or, repeated, each element) is a pointer
	format  formatter // of the value, or of one element of a repeated one
}

// bodyField is a field of the body and its key, ready to write.
type bodyField struct {
	marshal.BodyField
	key  []byte // `"name":`
	addr bool   // MarshalJSON has a pointer receiver: encode the field's address
}

var jsonMarshalerType = reflect.TypeFor[json.Marshaler]()

// typePlan returns the plan of request type t, making it on first use.
func (c *Client) typePlan(t reflect.Type) (*typePlan, error) {
	if tp, ok := c.types.Load(t); ok {
		return tp.(*typePlan), nil
	}
	tp, err := newTypePlan(t)
	if err != nil {
		return nil, err
	}
	actual, _ := c.types.LoadOrStore(t, tp)
	return actual.(*typePlan), nil
}

// newTypePlan makes the plan of request type t: a struct or a pointer to
// one, whose fields are bound as marshal binds them, or a map or a slice
// (or a pointer to one), sent whole as the body.
func newTypePlan(t reflect.Type) (*typePlan, error) {
	tp := &typePlan{typ: t}
	if t.Kind() == reflect.Pointer {
		tp.typ, tp.ptr = t.Elem(), true
	}
	switch tp.typ.Kind() {
	case reflect.Map, reflect.Slice:
		tp.whole = true
		return tp, nil
	case reflect.Struct:
	default:
		return nil, fmt.Errorf("the request is %s, want a pointer to a struct, a struct, a map or a slice", t)
	}
	b, err := marshal.BindingOf(tp.typ)
	if err != nil {
		return nil, err
	}
	for _, bp := range b.Parameters {
		if err := tp.addParam(bp); err != nil {
			return nil, err
		}
	}
	marshaler := tp.typ.Implements(jsonMarshalerType) || reflect.PointerTo(tp.typ).Implements(jsonMarshalerType)
	switch {
	case marshaler || (len(b.Parameters) == 0 && len(b.Body) > 0):
		tp.whole = true // encoding/json writes what the handler reads
	default:
		for _, f := range b.Body {
			key, _ := json.Marshal(f.Name)
			tp.body = append(tp.body, bodyField{BodyField: f, key: append(key, ':'),
				addr: f.Type.Kind() != reflect.Pointer && reflect.PointerTo(f.Type).Implements(jsonMarshalerType)})
		}
	}
	return tp, nil
}

// addParam adds a parameter with its formatter.
func (tp *typePlan) addParam(bp marshal.BoundParameter) error {
	p := &param{BoundParameter: bp}
	t := bp.Type
	if bp.Repeated {
		t = t.Elem()
	}
	if t.Kind() == reflect.Pointer {
		p.pointer, t = true, t.Elem()
	}
	f, err := formatterFor(t)
	if err != nil {
		return fmt.Errorf("field %s %w", bp.Field, err)
	}
	p.format = f
	switch bp.In {
	case "path":
		tp.path = append(tp.path, p)
	case "query":
		tp.query = append(tp.query, p)
	default:
		tp.head = append(tp.head, p)
	}
	return nil
}

// pathParam returns the path parameter named name, or nil.
func (tp *typePlan) pathParam(name string) *param {
	if tp == nil {
		return nil
	}
	for _, p := range tp.path {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// hasBody reports whether requests of this type carry a body.
func (tp *typePlan) hasBody() bool { return tp != nil && (tp.whole || len(tp.body) > 0) }

// values returns the written values of p in the struct value v: none for an
// optional parameter at its zero value (marshal gives it that value when it
// is absent), a nil pointer or an empty slice.
func (p *param) values(v reflect.Value, buf []string) ([]string, error) {
	f := v.FieldByIndex(p.Index)
	if !p.Repeated {
		if (p.pointer && f.IsNil()) || (!p.Required && !p.pointer && f.IsZero()) {
			return buf, nil
		}
		s, err := p.one(f)
		if err != nil {
			return buf, p.errorf("%v", err)
		}
		return append(buf, s), nil
	}
	for i := 0; i < f.Len(); i++ {
		e := f.Index(i)
		if p.pointer && e.IsNil() {
			return buf, p.errorf("element %d is nil", i)
		}
		s, err := p.one(e)
		if err != nil {
			return buf, p.errorf("element %d %v", i, err)
		}
		buf = append(buf, s)
	}
	return buf, nil
}

// one writes one value, following its pointer.
func (p *param) one(v reflect.Value) (string, error) {
	if p.pointer {
		v = v.Elem()
	}
	return p.format(v)
}

// errorf names the parameter in an error about its value.
func (p *param) errorf(format string, args ...any) error {
	return fmt.Errorf("%s.%s (field %s) %s", p.In, p.Name, p.Field, fmt.Sprintf(format, args...))
}

// appendBody appends the JSON object of the body fields of v, a struct
// value, as encoding/json would write it without the parameters.
func (tp *typePlan) appendBody(b []byte, v reflect.Value, codec marshal.Codec) ([]byte, error) {
	b = append(b, '{')
	first := true
	for i := range tp.body {
		f := &tp.body[i]
		fv, err := v.FieldByIndexErr(f.Index)
		if err != nil || f.Omitted(fv) { // promoted from a nil embedded pointer, or omitted
			continue
		}
		val := fv.Interface()
		if f.addr && fv.CanAddr() {
			val = fv.Addr().Interface()
		}
		enc, err := codec.Marshal(val)
		if err != nil {
			return nil, fmt.Errorf("body.%s (field %s): %w", f.Name, f.Field, err)
		}
		if f.Quoted && !(fv.Kind() == reflect.Pointer && fv.IsNil()) {
			if enc, err = json.Marshal(string(enc)); err != nil { // the ",string" option
				return nil, err
			}
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(append(b, f.key...), enc...)
	}
	return append(b, '}'), nil
}
