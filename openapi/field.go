package openapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/seed78c03fa0/tonic/internal/validate"
)

// field returns the schema of struct field sf, declared in struct type
// decl: its type's schema (a string for a quoted field, one with the
// ",string" option), its validation tags as keywords, nullable when it is a
// pointer (unless it is a parameter, absent when nil), and its doc and
// example tags.
func (g *generator) field(decl reflect.Type, sf reflect.StructField, quoted, param bool) (*Schema, error) {
	t, pointer := sf.Type, false
	for t.Kind() == reflect.Pointer {
		t, pointer = t.Elem(), true
	}
	var s *Schema
	if quoted {
		s = quotedSchema(t)
	} else {
		var err error
		if s, err = g.schema(t); err != nil {
			return nil, fmt.Errorf("%s field %s: %w", decl, sf.Name, err)
		}
	}
	rules, err := validate.FieldRules(decl, sf)
	if err != nil {
		return nil, err
	}
	if rules != nil && !quoted {
		applyRules(s, rules)
	}
	if pointer && !param {
		s = nullable(s)
	}
	if doc, ok := sf.Tag.Lookup("doc"); ok {
		s.Description = doc
	}
	if text, ok := sf.Tag.Lookup("example"); ok {
		ex, err := example(sf, s, text, quoted)
		if err != nil {
			return nil, fmt.Errorf("%s field %s: tag example:%q: %w", decl, sf.Name, text, err)
		}
		s.Examples = []any{ex}
	}
	if rules != nil && !quoted && !pointer && absentWhenZero(sf, param) {
		if zero := zeroValues(t); zero != nil && !zeroPasses(sf) {
			s = orZero(s, zero)
		}
	}
	return s, nil
}

// absentWhenZero reports whether marshal takes the zero value of field sf
// as absent and does not check it: a body field whose json tag has
// omitzero, or omitempty on a type other than a struct. (A parameter is
// checked whenever the request gives it.)
func absentWhenZero(sf reflect.StructField, param bool) bool {
	if param {
		return false
	}
	_, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
	for _, o := range strings.Split(opts, ",") {
		if o == "omitzero" || (o == "omitempty" && sf.Type.Kind() != reflect.Struct) {
			return true
		}
	}
	return false
}

// zeroValues returns the JSON values that decode to the zero value of t
// and that marshal therefore takes as absent, or nil for types whose zero
// value the schema need not allow apart.
func zeroValues(t reflect.Type) []any {
	switch t.Kind() {
	case reflect.String:
		return []any{""}
	case reflect.Bool:
		return []any{false}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return []any{0}
	case reflect.Slice:
		return []any{nil, []any{}}
	case reflect.Map:
		return []any{nil, map[string]any{}}
	}
	return nil
}

// zeroPasses reports whether the zero value of field sf passes its own
// validation tags, when it is checked.
func zeroPasses(sf reflect.StructField) bool {
	tag := `json:"v"`
	for _, name := range validate.Tags() {
		if v, ok := sf.Tag.Lookup(name); ok {
			tag += fmt.Sprintf(" %s:%q", name, v)
		}
	}
	holder := reflect.StructOf([]reflect.StructField{{Name: "V", Type: sf.Type, Tag: reflect.StructTag(tag)}})
	plan, err := validate.Compile(holder, validate.Options{Root: "zero"})
	if err != nil || plan == nil {
		return true
	}
	fails, _ := plan.Check(reflect.New(holder).Elem(), 1)
	return fails == nil
}

// orZero returns a schema that s or the zero values match: s itself with
// the zero values added to its enum when an enum is all it holds to (a
// plain enum reads better, and validators handle it in parameters too),
// else {"anyOf": [s, {"enum": zero}]}.
func orZero(s *Schema, zero []any) *Schema {
	if s.Enum != nil && onlyEnum(s) {
		s.Enum = append(s.Enum, zero...)
		return s
	}
	return anyOfZero(s, zero)
}

// onlyEnum reports whether s constrains its values by its enum alone.
func onlyEnum(s *Schema) bool {
	c := *s
	c.Type, c.Format, c.Enum, c.Description, c.Examples, c.Title = nil, "", nil, "", nil, ""
	return reflect.DeepEqual(c, Schema{})
}

// anyOfZero returns a schema that s or the zero values match: the server
// takes the zero value of an optional field as absent, so it accepts it
// whatever the field's tags say, and the document must say so too. The
// description and examples stay on the outer schema.
func anyOfZero(s *Schema, zero []any) *Schema {
	outer := &Schema{Description: s.Description, Examples: s.Examples,
		AnyOf: []*Schema{s, {Enum: zero}}}
	s.Description, s.Examples = "", nil
	return outer
}

// quotedSchema returns the schema of a field with the ",string" option: a
// string holding the JSON of t's value. Number keywords cannot constrain
// it, so the schema leaves them out (the server still checks them).
func quotedSchema(t reflect.Type) *Schema {
	s := &Schema{Type: Types{"string"}}
	switch t.Kind() {
	case reflect.Bool:
		s.Enum = []any{"true", "false"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s.Pattern = "^-?[0-9]+$"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s.Pattern = "^[0-9]+$"
	}
	return s
}

// applyRules sets the keywords of a field's validation tags on s, and
// those for its elements on s's items or additional properties. A tag's
// bound replaces the bound of the type (which the tag lies within).
func applyRules(s *Schema, r *validate.Rules) {
	k := r.Keywords
	set(&s.Minimum, k.Minimum)
	set(&s.Maximum, k.Maximum)
	set(&s.ExclusiveMinimum, k.ExclusiveMinimum)
	set(&s.ExclusiveMaximum, k.ExclusiveMaximum)
	set(&s.Pattern, k.Pattern)
	set(&s.Format, k.Format)
	setInt(&s.MinLength, k.MinLength)
	setInt(&s.MaxLength, k.MaxLength)
	setInt(&s.MinItems, k.MinItems)
	setInt(&s.MaxItems, k.MaxItems)
	if k.Enum != nil {
		s.Enum = slices.Clone(k.Enum)
		if slices.Contains(s.Type, "null") {
			s.Enum = append(s.Enum, nil)
		}
	}
	if r.Elem == nil {
		return
	}
	if s.Items != nil {
		applyRules(s.Items, r.Elem)
	} else if s.AdditionalProperties != nil && !s.AdditionalProperties.False {
		applyRules(s.AdditionalProperties, r.Elem)
	}
}

// set sets *to to v unless v is empty.
func set[T ~string](to *T, v T) {
	if v != "" {
		*to = v
	}
}

// setInt sets *to to a copy of *v unless v is nil.
func setInt(to **int, v *int) {
	if v != nil {
		n := *v
		*to = &n
	}
}

// example returns the example tag's value as JSON. When the field's JSON
// is a string, the tag is the string's text; otherwise it is JSON. Either
// way it must decode into the field, as encoding/json would decode it, and
// pass the field's validation tags.
func example(sf reflect.StructField, s *Schema, text string, quoted bool) (json.RawMessage, error) {
	raw := json.RawMessage(text)
	if isString(s) {
		raw, _ = json.Marshal(text)
	}
	if !json.Valid(raw) {
		return nil, fmt.Errorf("want JSON")
	}
	opts := ""
	if quoted {
		opts = ",string"
	}
	tag := `json:"v` + opts + `"`
	for _, name := range validate.Tags() {
		if v, ok := sf.Tag.Lookup(name); ok {
			tag += fmt.Sprintf(" %s:%q", name, v)
		}
	}
	holder := reflect.StructOf([]reflect.StructField{{Name: "V", Type: sf.Type, Tag: reflect.StructTag(tag)}})
	v := reflect.New(holder)
	if err := json.Unmarshal([]byte(`{"v":`+string(raw)+`}`), v.Interface()); err != nil {
		return nil, fmt.Errorf("does not decode: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	plan, err := validate.Compile(holder, validate.Options{Root: "example"})
	if err != nil {
		return nil, err
	}
	if fails, _ := plan.Check(v.Elem(), 1); fails != nil {
		return nil, fmt.Errorf("fails the field's own rules: %s", fails[0].Message)
	}
	return raw, nil
}

// isString reports whether s describes strings (and perhaps null).
func isString(s *Schema) bool {
	return len(s.Type) > 0 && s.Type[0] == "string"
}
