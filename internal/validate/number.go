package validate

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
)

// numClass is how a number type compares: as int64, uint64 or float64.
type numClass uint8

const (
	notNumber numClass = iota
	intNumber
	uintNumber
	floatNumber
)

// classOf returns the number class of kind k.
func classOf(k reflect.Kind) numClass {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intNumber
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintNumber
	case reflect.Float32, reflect.Float64:
		return floatNumber
	}
	return notNumber
}

// number is a bound parsed as a field's type.
type number struct {
	class numClass
	i     int64
	u     uint64
	f     float64
}

// parseNumber parses s as a value of number type t.
func parseNumber(t reflect.Type, s string) (number, bool) {
	n := number{class: classOf(t.Kind())}
	var err error
	switch n.class {
	case intNumber:
		n.i, err = strconv.ParseInt(s, 10, t.Bits())
	case uintNumber:
		n.u, err = strconv.ParseUint(s, 10, t.Bits())
	case floatNumber:
		n.f, err = strconv.ParseFloat(s, t.Bits())
		if err == nil && (math.IsNaN(n.f) || math.IsInf(n.f, 0)) {
			return n, false
		}
	}
	return n, err == nil
}

// text returns n as a JSON number.
func (n number) text() json.Number {
	switch n.class {
	case intNumber:
		return json.Number(strconv.FormatInt(n.i, 10))
	case uintNumber:
		return json.Number(strconv.FormatUint(n.u, 10))
	}
	return json.Number(strconv.FormatFloat(n.f, 'g', -1, 64))
}

// compareTo returns -1, 0 or +1 as v, a number of n's class, is below, at
// or above n.
func (n number) compareTo(v reflect.Value) int {
	switch n.class {
	case intNumber:
		return cmp3(v.Int() < n.i, v.Int() > n.i)
	case uintNumber:
		return cmp3(v.Uint() < n.u, v.Uint() > n.u)
	}
	return cmp3(v.Float() < n.f, v.Float() > n.f)
}

// compare returns -1, 0 or +1 as n is below, at or above m (of one class).
func (n number) compare(m number) int {
	switch n.class {
	case intNumber:
		return cmp3(n.i < m.i, n.i > m.i)
	case uintNumber:
		return cmp3(n.u < m.u, n.u > m.u)
	}
	return cmp3(n.f < m.f, n.f > m.f)
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}

// describeKind names the JSON values a Go kind holds, for messages.
func describeKind(t reflect.Type) string {
	switch classOf(t.Kind()) {
	case intNumber, uintNumber:
		return "an integer field (" + t.String() + ")"
	case floatNumber:
		return "a number field (" + t.String() + ")"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string field"
	case reflect.Bool:
		return "a boolean field"
	case reflect.Slice, reflect.Array:
		return "an array field (" + t.String() + ")"
	case reflect.Map, reflect.Struct:
		return "an object field (" + t.String() + ")"
	}
	return "a field of type " + t.String()
}
