package jsonfield

import "reflect"

// isZeroer is the method omitzero consults.
type isZeroer interface{ IsZero() bool }

var isZeroerType = reflect.TypeFor[isZeroer]()

// Optional reports whether encoding/json may leave the field out of an
// encoded object: it has omitzero, or omitempty on a type that can be empty
// (omitempty never omits a struct), or it is promoted from an embedded
// pointer, which may be nil.
func (f Field) Optional() bool {
	if f.OmitZero || f.ViaPointer {
		return true
	}
	return f.OmitEmpty && f.Type.Kind() != reflect.Struct
}

// Omitted reports whether encoding/json leaves the field's value v out of
// an encoded object: an empty value under omitempty (false, 0, a nil
// pointer or interface, an empty string, slice, map or array), or a zero
// one under omitzero (by the type's IsZero() bool method, if it has one).
func (f Field) Omitted(v reflect.Value) bool {
	return (f.OmitEmpty && isEmpty(v)) || (f.OmitZero && isZero(v))
}

// isEmpty is omitempty's test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZero is omitzero's test.
func isZero(v reflect.Value) bool {
	t := v.Type()
	switch {
	case t.Kind() == reflect.Pointer && t.Implements(isZeroerType):
		return v.IsNil() || v.Interface().(isZeroer).IsZero()
	case t.Implements(isZeroerType):
		return v.Interface().(isZeroer).IsZero()
	case reflect.PointerTo(t).Implements(isZeroerType):
		if !v.CanAddr() {
			boxed := reflect.New(t).Elem()
			boxed.Set(v)
			v = boxed
		}
		return v.Addr().Interface().(isZeroer).IsZero()
	}
	return v.IsZero()
}
