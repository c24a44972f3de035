package marshal

import (
	"encoding"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
)

// setter parses s and stores the result in v, a settable value. Its error
// is the problem in words, without the parameter's name.
type setter func(v reflect.Value, s string) error

var (
	durationType = reflect.TypeFor[time.Duration]()
	timeType     = reflect.TypeFor[time.Time]()
)

// setterFor returns the setter for a parameter of type t, or false when
// parameters cannot have that type. Pointers are allocated when set.
func setterFor(t reflect.Type) (setter, bool) {
	if t.Kind() == reflect.Pointer {
		elem, ok := scalarSetter(t.Elem())
		if !ok {
			return nil, false
		}
		return func(v reflect.Value, s string) error {
			p := reflect.New(t.Elem())
			if err := elem(p.Elem(), s); err != nil {
				return err
			}
			v.Set(p)
			return nil
		}, true
	}
	return scalarSetter(t)
}

// scalarSetter returns the setter for a non-pointer type t.
func scalarSetter(t reflect.Type) (setter, bool) {
	switch {
	case t == timeType:
		return setTime, true
	case reflect.PointerTo(t).Implements(textUnmarshalerType):
		return setText, true
	case t == durationType:
		return setDuration, true
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, s string) error { v.SetString(s); return nil }, true
	case reflect.Bool:
		return setBool, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return setInt, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return setUint, true
	case reflect.Float32, reflect.Float64:
		return setFloat, true
	}
	return nil, false
}

// setTime parses an RFC 3339 time.
func setTime(v reflect.Value, s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("got %q, want an RFC 3339 date-time", s)
	}
	v.Set(reflect.ValueOf(t))
	return nil
}

// setText calls the value's UnmarshalText method.
func setText(v reflect.Value, s string) error {
	u := v.Addr().Interface().(encoding.TextUnmarshaler)
	if err := u.UnmarshalText([]byte(s)); err != nil {
		return fmt.Errorf("got %q: %v", s, err)
	}
	return nil
}

// setDuration parses a Go duration such as "1.5s".
func setDuration(v reflect.Value, s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("got %q, want a duration such as 300ms or 1h30m", s)
	}
	v.SetInt(int64(d))
	return nil
}

// setBool parses true or false (and the other spellings strconv accepts).
func setBool(v reflect.Value, s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("got %q, want true or false", s)
	}
	v.SetBool(b)
	return nil
}

// setInt parses a decimal integer that fits v's type.
func setInt(v reflect.Value, s string) error {
	bits := v.Type().Bits()
	n, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		return fmt.Errorf("got %q, want %s", s, intRange(bits, false))
	}
	v.SetInt(n)
	return nil
}

// setUint parses a non-negative decimal integer that fits v's type.
func setUint(v reflect.Value, s string) error {
	bits := v.Type().Bits()
	n, err := strconv.ParseUint(s, 10, bits)
	if err != nil {
		return fmt.Errorf("got %q, want %s", s, intRange(bits, true))
	}
	v.SetUint(n)
	return nil
}

// setFloat parses a finite number.
func setFloat(v reflect.Value, s string) error {
	f, err := strconv.ParseFloat(s, v.Type().Bits())
	switch {
	case errors.Is(err, strconv.ErrRange):
		return fmt.Errorf("got %q, a number out of range", s)
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return fmt.Errorf("got %q, want a number", s)
	}
	v.SetFloat(f)
	return nil
}

// intRange describes the integers of a size: "an integer from -128 to 127",
// "a non-negative integer".
func intRange(bits int, unsigned bool) string {
	switch {
	case unsigned && bits == 64:
		return "a non-negative integer"
	case unsigned:
		return fmt.Sprintf("an integer from 0 to %d", uint64(1)<<bits-1)
	case bits == 64:
		return "an integer"
	}
	return fmt.Sprintf("an integer from %d to %d", -(int64(1) << (bits - 1)), int64(1)<<(bits-1)-1)
}
