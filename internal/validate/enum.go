package validate

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// enumer is implemented by types that list their allowed values.
type enumer interface{ Enum() []any }

var enumerType = reflect.TypeFor[enumer]()

// enumSet is the allowed values of an enum, by class, with their JSON
// encodings for the schema and the message.
type enumSet struct {
	kind    reflect.Kind // of the field's type; numbers by class
	class   numClass
	strs    []string
	nums    []number
	bools   [2]bool // false, true allowed
	json    []any   // json.RawMessage of each value, in order
	message string
}

// has reports whether v, a value of the enum's type, is allowed.
func (s *enumSet) has(v reflect.Value) bool {
	switch {
	case s.kind == reflect.String:
		str := v.String()
		for _, a := range s.strs {
			if a == str {
				return true
			}
		}
		return false
	case s.kind == reflect.Bool:
		return s.bools[boolIndex(v.Bool())]
	}
	for _, n := range s.nums {
		if n.compareTo(v) == 0 {
			return true
		}
	}
	return false
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// enumKind reports whether an enum may hold values of type t: strings,
// booleans and numbers.
func enumKind(t reflect.Type) bool {
	return t.Kind() == reflect.String || t.Kind() == reflect.Bool || classOf(t.Kind()) != notNumber
}

// newEnumSet returns the set of values, each of type t. The error text
// completes "enum ...".
func newEnumSet(t reflect.Type, values []reflect.Value) (*enumSet, error) {
	s := &enumSet{kind: t.Kind(), class: classOf(t.Kind())}
	seen := map[string]bool{}
	var texts []string
	for i, v := range values {
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return nil, fmt.Errorf("value %d does not encode as JSON: %v", i, err)
		}
		if seen[string(b)] {
			return nil, fmt.Errorf("value %s is given twice", b)
		}
		seen[string(b)] = true
		texts = append(texts, string(b))
		s.json = append(s.json, json.RawMessage(b))
		switch {
		case s.kind == reflect.String:
			s.strs = append(s.strs, v.String())
		case s.kind == reflect.Bool:
			s.bools[boolIndex(v.Bool())] = true
		default:
			s.nums = append(s.nums, numberOf(v))
		}
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("has no values")
	}
	s.message = "must be one of " + strings.Join(texts, ", ")
	return s, nil
}

// numberOf returns the number v holds; v is of a number kind.
func numberOf(v reflect.Value) number {
	n := number{class: classOf(v.Kind())}
	switch n.class {
	case intNumber:
		n.i = v.Int()
	case uintNumber:
		n.u = v.Uint()
	default:
		n.f = v.Float()
	}
	return n
}

// parseEnum parses the enum tag, comma-separated values of type t.
func parseEnum(t reflect.Type, tag string) (*enumSet, error) {
	var values []reflect.Value
	for _, item := range strings.Split(tag, ",") {
		v := reflect.New(t).Elem()
		switch {
		case item == "":
			return nil, fmt.Errorf("has an empty value; list values as a,b,c, or give the type an Enum method")
		case strings.TrimSpace(item) != item:
			return nil, fmt.Errorf("value %q has surrounding spaces; write the values as a,b,c", item)
		case t.Kind() == reflect.String:
			v.SetString(item)
		case t.Kind() == reflect.Bool:
			if item != "true" && item != "false" {
				return nil, fmt.Errorf("value %q is not true or false", item)
			}
			v.SetBool(item == "true")
		default:
			n, ok := parseNumber(t, item)
			if !ok {
				return nil, fmt.Errorf("value %q is not %s", item, numberWant(t))
			}
			setNumber(v, n)
		}
		values = append(values, v)
	}
	return newEnumSet(t, values)
}

// setNumber stores n in v, a settable number of n's class.
func setNumber(v reflect.Value, n number) {
	switch n.class {
	case intNumber:
		v.SetInt(n.i)
	case uintNumber:
		v.SetUint(n.u)
	default:
		v.SetFloat(n.f)
	}
}

// numberWant describes the numbers of type t: "an integer that fits int8".
func numberWant(t reflect.Type) string {
	switch classOf(t.Kind()) {
	case intNumber:
		return "an integer that fits " + t.String()
	case uintNumber:
		return "a non-negative integer that fits " + t.String()
	}
	return "a finite number"
}

// typeEnum returns the enum of type t's Enum method, nil if it has none.
// Interfaces are left alone; a type of another kind than string, bool or
// number with an Enum() []any method is an error.
func typeEnum(t reflect.Type) (*enumSet, error) {
	if t.Kind() == reflect.Interface || t.Kind() == reflect.Pointer {
		return nil, nil
	}
	var items []any
	switch {
	case t.Implements(enumerType):
		items = reflect.Zero(t).Interface().(enumer).Enum()
	case reflect.PointerTo(t).Implements(enumerType):
		items = reflect.New(t).Interface().(enumer).Enum()
	default:
		return nil, nil
	}
	if !enumKind(t) {
		return nil, &EnumError{Type: t, Problem: fmt.Sprintf("the type is a %s; want a string, number or boolean type", t.Kind())}
	}
	values := make([]reflect.Value, len(items))
	for i, item := range items {
		v, err := enumValue(t, item)
		if err != nil {
			return nil, &EnumError{Type: t, Problem: fmt.Sprintf("value %d %v", i, err)}
		}
		values[i] = v
	}
	s, err := newEnumSet(t, values)
	if err != nil {
		return nil, &EnumError{Type: t, Problem: err.Error()}
	}
	return s, nil
}

// enumValue converts item, one value of an Enum method, to type t: a
// string or boolean of t's kind, or a number that t holds exactly (any
// integer for an integer type, any number for a float type).
func enumValue(t reflect.Type, item any) (reflect.Value, error) {
	v := reflect.ValueOf(item)
	if !v.IsValid() {
		return v, fmt.Errorf("is nil, want a %s", t)
	}
	want, have := classOf(t.Kind()), classOf(v.Kind())
	switch {
	case want == floatNumber && have == floatNumber && reflect.Zero(t).OverflowFloat(v.Float()):
		return v, fmt.Errorf("is %v, which does not fit %s", item, t)
	case want == notNumber && v.Kind() == t.Kind(),
		want == floatNumber && have != notNumber:
	case want != notNumber && (have == intNumber || have == uintNumber):
		if !fitsInteger(t, v) {
			return v, fmt.Errorf("is %v, which does not fit %s", item, t)
		}
	default:
		return v, fmt.Errorf("is %s, want a %s", v.Type(), t)
	}
	return v.Convert(t), nil
}

// fitsInteger reports whether integer v fits integer type t.
func fitsInteger(t reflect.Type, v reflect.Value) bool {
	zero := reflect.Zero(t)
	switch {
	case classOf(v.Kind()) == intNumber && classOf(t.Kind()) == intNumber:
		return !zero.OverflowInt(v.Int())
	case classOf(v.Kind()) == intNumber:
		return v.Int() >= 0 && !zero.OverflowUint(uint64(v.Int()))
	case classOf(t.Kind()) == intNumber:
		return v.Uint() <= 1<<63-1 && !zero.OverflowInt(int64(v.Uint()))
	}
	return !zero.OverflowUint(v.Uint())
}

// TypeEnum returns the values listed by the Enum() []any method of type t
// (not a pointer), each as its JSON encoding (json.RawMessage), or nil when
// t has no such method. Values that do not fit t are an *EnumError.
func TypeEnum(t reflect.Type) ([]any, error) {
	set, err := typeEnum(t)
	if set == nil || err != nil {
		return nil, err
	}
	return set.json, nil
}
