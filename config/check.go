package config

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
)

var (
	durationType        = reflect.TypeFor[time.Duration]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// maxListedKeys is how many keys an unknown-key message lists at most.
const maxListedKeys = 20

// checker walks a tree beside the Go type it is decoded into: it refuses
// keys that name no field, turns duration strings into nanoseconds, and
// runs the types that decode themselves on their values, so that each
// error knows its line. What it does not find, encoding/json does.
type checker struct {
	fields map[reflect.Type]*structKeys
}

// structKeys are the JSON keys of a struct type and their types.
type structKeys struct {
	types map[string]reflect.Type
	names []string // sorted
}

// check checks n, at path, against t.
func (c *checker) check(n *node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.kind == kindNull:
		return nil
	case t == durationType:
		return duration(n, path)
	case decodesItself(t):
		return selfDecode(n, t, path)
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.kind == kindObject {
			return c.object(n, c.keysOf(t), path)
		}
	case reflect.Map:
		if n.kind == kindObject {
			for _, m := range n.keys {
				if err := c.check(m.value, t.Elem(), keyPath(path, m.name)); err != nil {
					return err
				}
			}
		}
	case reflect.Slice, reflect.Array:
		if n.kind == kindArray {
			for i, el := range n.elems {
				if err := c.check(el, t.Elem(), indexPath(path, i)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// object checks the members of an object decoded into a struct.
func (c *checker) object(n *node, keys *structKeys, path string) error {
	for _, m := range n.keys {
		kp := keyPath(path, m.name)
		t, ok := keys.types[m.name]
		if !ok {
			return errorAt(m.line, kp, unknownKey(m.name, keys.names))
		}
		if err := c.check(m.value, t, kp); err != nil {
			return err
		}
	}
	return nil
}

// keysOf returns the keys of struct type t, as encoding/json names them.
func (c *checker) keysOf(t reflect.Type) *structKeys {
	if k, ok := c.fields[t]; ok {
		return k
	}
	k := &structKeys{types: map[string]reflect.Type{}}
	for _, f := range jsonfield.Fields(t, nil) {
		k.types[f.Name] = f.Type
		k.names = append(k.names, f.Name)
	}
	sort.Strings(k.names)
	if c.fields == nil {
		c.fields = map[reflect.Type]*structKeys{}
	}
	c.fields[t] = k
	return k
}

// unknownKey describes a key that names no field: with the one that
// differs only in case, or else the keys there are, when they are few.
func unknownKey(name string, names []string) string {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return fmt.Sprintf("unknown key (did you mean %q?)", n)
		}
	}
	switch {
	case len(names) == 0:
		return "unknown key: this object takes none"
	case len(names) <= maxListedKeys:
		return "unknown key, want one of " + strings.Join(names, ", ")
	}
	return "unknown key"
}

// duration turns a duration string into its JSON number of nanoseconds.
func duration(n *node, path string) error {
	if n.kind == kindString {
		d, err := time.ParseDuration(n.text)
		if err == nil {
			n.kind, n.text = kindNumber, strconv.FormatInt(int64(d), 10)
			return nil
		}
	}
	return errorAt(n.line, path, fmt.Sprintf("got %s, want a duration such as \"1m30s\"", n.describe()))
}

// decodesItself reports whether encoding/json hands values of type t (not
// a pointer) to an UnmarshalJSON or UnmarshalText method.
func decodesItself(t reflect.Type) bool {
	for _, u := range []reflect.Type{jsonUnmarshalerType, textUnmarshalerType} {
		if t.Implements(u) || reflect.PointerTo(t).Implements(u) {
			return true
		}
	}
	return false
}

// selfDecode decodes n alone into a new value of type t, so that an error
// of t's own method is reported with n's line.
func selfDecode(n *node, t reflect.Type, path string) error {
	data, _ := encode(n)
	if err := json.Unmarshal(data, reflect.New(t).Interface()); err != nil {
		e := errorAt(n.line, path, decodeProblem(err, n))
		e.Err = err
		return e
	}
	return nil
}

// decodeProblem describes an error of encoding/json in JSON terms.
func decodeProblem(err error, n *node) string {
	var te *json.UnmarshalTypeError
	if ok := asTypeError(err, &te); ok {
		return fmt.Sprintf("got %s, want %s", n.describe(), jsonKind(te.Type))
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
