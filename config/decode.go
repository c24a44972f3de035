package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
)

// decode decodes the checked tree into v with encoding/json, and places
// its errors at their key and line.
func decode(root *node, v any) error {
	data, spans := encode(root)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if asTypeError(err, &te) {
		s := locate(spans, int(te.Offset))
		e := errorAt(s.line, s.path, "got "+te.Value+", want "+jsonKind(te.Type))
		if s.node != nil {
			e.Problem = "got " + s.node.describe() + ", want " + jsonKind(te.Type)
		}
		e.Err = err
		return e
	}
	e := errorAt(0, "", strings.TrimPrefix(err.Error(), "json: "))
	e.Err = err
	return e
}

// asTypeError is errors.As for *json.UnmarshalTypeError.
func asTypeError(err error, te **json.UnmarshalTypeError) bool { return errors.As(err, te) }

// jsonKind describes, in JSON terms, the values a Go type takes.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "an integer that fits " + t.Kind().String()
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another type"
}
