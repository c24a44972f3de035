package client

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
)

// formatter writes a parameter value as marshal parses it back: the
// inverse of marshal's setters. Its error is the problem in words.
type formatter func(v reflect.Value) (string, error)

var (
	timeType            = reflect.TypeFor[time.Time]()
	durationType        = reflect.TypeFor[time.Duration]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// formatterFor returns the formatter of a parameter of type t, which is
// not a pointer, or an error when marshal could parse the type but the
// client cannot write it (a TextUnmarshaler without MarshalText).
func formatterFor(t reflect.Type) (formatter, error) {
	switch {
	case t == timeType:
		return formatTime, nil
	case !reflect.PointerTo(t).Implements(textUnmarshalerType):
		// marshal parses the other types by their kind, whatever their methods.
	case t.Implements(textMarshalerType):
		return formatText, nil
	case reflect.PointerTo(t).Implements(textMarshalerType):
		return formatTextAddr, nil
	default:
		return nil, fmt.Errorf("is %s, which has UnmarshalText but no MarshalText, so it cannot be sent", t)
	}
	switch {
	case t == durationType:
		return formatDuration, nil
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value) (string, error) { return v.String(), nil }, nil
	case reflect.Bool:
		return func(v reflect.Value) (string, error) { return strconv.FormatBool(v.Bool()), nil }, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) (string, error) { return strconv.FormatInt(v.Int(), 10), nil }, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v reflect.Value) (string, error) { return strconv.FormatUint(v.Uint(), 10), nil }, nil
	case reflect.Float32, reflect.Float64:
		return formatFloat, nil
	}
	// marshal.BindingOf has refused every other type.
	return nil, fmt.Errorf("is %s, which a parameter cannot be", t)
}

// formatTime writes an RFC 3339 time with its fraction of a second.
func formatTime(v reflect.Value) (string, error) {
	return v.Interface().(time.Time).Format(time.RFC3339Nano), nil
}

// formatDuration writes a duration as time.ParseDuration reads it.
func formatDuration(v reflect.Value) (string, error) {
	return time.Duration(v.Int()).String(), nil
}

// formatText calls the value's MarshalText method.
func formatText(v reflect.Value) (string, error) {
	return marshalText(v.Interface().(encoding.TextMarshaler))
}

// formatTextAddr calls the MarshalText method of the value's pointer.
func formatTextAddr(v reflect.Value) (string, error) {
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	return marshalText(v.Addr().Interface().(encoding.TextMarshaler))
}

func marshalText(m encoding.TextMarshaler) (string, error) {
	b, err := m.MarshalText()
	if err != nil {
		return "", fmt.Errorf("MarshalText: %w", err)
	}
	return string(b), nil
}

// formatFloat writes the shortest form that parses back to the same number,
// and refuses NaN and the infinities, which marshal refuses too.
func formatFloat(v reflect.Value) (string, error) {
	f := v.Float()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("is %v, want a finite number", f)
	}
	return strconv.FormatFloat(f, 'g', -1, v.Type().Bits()), nil
}
