package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Keywords are the JSON Schema keywords that validation tags set on one
// JSON value. A zero field is absent.
type Keywords struct {
	// Minimum, Maximum, ExclusiveMinimum and ExclusiveMaximum bound a number.
	Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum json.Number
	// MinLength and MaxLength bound a string's length in Unicode code points.
	MinLength, MaxLength *int
	// Pattern is a regular expression (Go syntax) a string must match.
	Pattern string
	// Format is one of Formats.
	Format string
	// Enum lists the allowed values, each as its JSON encoding
	// (json.RawMessage).
	Enum []any
	// MinItems and MaxItems bound an array's length.
	MinItems, MaxItems *int
}

// Rules are what the validation tags of one struct field say, placed on the
// JSON values they constrain.
type Rules struct {
	// Keywords apply to the field's value, behind any pointers.
	Keywords
	// Elem applies to each element of a slice, array or map field: number
	// and string keywords given on a container constrain its elements (the
	// innermost ones, through nested containers), while minItems and
	// maxItems constrain the container itself.
	Elem *Rules
	// checks are the compiled Keywords.
	checks []check
	// bounds are the number bounds parsed, by tag.
	bounds map[string]number
}

// check is one compiled keyword.
type check struct {
	rule, message string
	ok            func(reflect.Value) bool
}

// The validation tags, each named after the JSON Schema keyword it sets.
const (
	tagMinimum          = "minimum"
	tagMaximum          = "maximum"
	tagExclusiveMinimum = "exclusiveMinimum"
	tagExclusiveMaximum = "exclusiveMaximum"
	tagMinLength        = "minLength"
	tagMaxLength        = "maxLength"
	tagPattern          = "pattern"
	tagFormat           = "format"
	tagEnum             = "enum"
	tagMinItems         = "minItems"
	tagMaxItems         = "maxItems"
)

// Tags returns the names of the validation tags, in the order they are
// checked.
func Tags() []string {
	return []string{tagMinimum, tagMaximum, tagExclusiveMinimum, tagExclusiveMaximum, tagMinLength, tagMaxLength,
		tagPattern, tagFormat, tagEnum, tagMinItems, tagMaxItems}
}

// tagValue is one validation tag of a field.
type tagValue struct{ name, value string }

// hasTags reports whether a field has any validation tag.
func hasTags(tag reflect.StructTag) bool {
	for _, name := range Tags() {
		if _, ok := tag.Lookup(name); ok {
			return true
		}
	}
	return false
}

// FieldRules returns the rules of the validation tags of field sf, declared
// in struct type decl, or nil if it has none. A tag that does not parse as
// the field's type or does not fit it is a *TagError.
func FieldRules(decl reflect.Type, sf reflect.StructField) (*Rules, error) {
	var tags []tagValue
	for _, name := range Tags() {
		if v, ok := sf.Tag.Lookup(name); ok {
			tags = append(tags, tagValue{name, v})
		}
	}
	if len(tags) == 0 {
		return nil, nil
	}
	r, err := place(sf.Type, tags)
	if err != nil {
		te := &TagError{Type: decl, Field: sf.Name, Problem: err.Error()}
		var p *problem
		if errors.As(err, &p) {
			te.Tag, te.Value = p.tag, p.value
		}
		return nil, te
	}
	return r, nil
}

// place returns the rules of tags on a field of type t: array keywords on
// t, the others on t or, when t is a container, on its elements.
func place(t reflect.Type, tags []tagValue) (*Rules, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if isBytes(t) {
		return nil, tagProblem(tags[0].name, tags[0].value, "the field is %s, a base64 string in JSON, which validation tags do not describe", t)
	}
	r := &Rules{}
	var scalar []tagValue
	for _, tg := range tags {
		if tg.name != tagMinItems && tg.name != tagMaxItems {
			scalar = append(scalar, tg)
			continue
		}
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return nil, tagProblem(tg.name, tg.value, "applies to arrays, and this is %s", describeKind(t))
		}
		if err := r.addItems(tg); err != nil {
			return nil, err
		}
	}
	if len(scalar) > 0 {
		var err error
		if k := t.Kind(); k == reflect.Slice || k == reflect.Array || k == reflect.Map {
			r.Elem, err = place(t.Elem(), scalar)
		} else {
			err = r.addScalars(t, scalar)
		}
		if err != nil {
			return nil, err
		}
	}
	return r, r.checkBounds()
}

// isBytes reports whether encoding/json writes t, a slice, as a base64
// string.
func isBytes(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8
}

// addItems adds minItems or maxItems.
func (r *Rules) addItems(tg tagValue) error {
	n, err := parseLength(tg)
	if err != nil {
		return err
	}
	if tg.name == tagMinItems {
		r.MinItems = &n
		r.add(tg.name, fmt.Sprintf("must have at least %d %s", n, plural(n, "item")), func(v reflect.Value) bool { return v.Len() >= n })
	} else {
		r.MaxItems = &n
		r.add(tg.name, fmt.Sprintf("must have at most %d %s", n, plural(n, "item")), func(v reflect.Value) bool { return v.Len() <= n })
	}
	return nil
}

// addScalars adds the number, string and enum keywords for type t.
func (r *Rules) addScalars(t reflect.Type, tags []tagValue) error {
	for _, tg := range tags {
		var err error
		switch tg.name {
		case tagMinimum, tagMaximum, tagExclusiveMinimum, tagExclusiveMaximum:
			err = r.addBound(t, tg)
		case tagMinLength, tagMaxLength:
			err = r.addLength(t, tg)
		case tagPattern:
			err = r.addPattern(t, tg)
		case tagFormat:
			err = r.addFormat(t, tg)
		case tagEnum:
			err = r.addEnum(t, tg)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// add appends a compiled check.
func (r *Rules) add(rule, message string, ok func(reflect.Value) bool) {
	r.checks = append(r.checks, check{rule: rule, message: message, ok: ok})
}

// addBound adds one of the four number bounds.
func (r *Rules) addBound(t reflect.Type, tg tagValue) error {
	if classOf(t.Kind()) == notNumber {
		return tagProblem(tg.name, tg.value, "applies to numbers, and this is %s", describeKind(t))
	}
	n, ok := parseNumber(t, tg.value)
	if !ok {
		return tagProblem(tg.name, tg.value, "want %s", numberWant(t))
	}
	text := n.text()
	if r.bounds == nil {
		r.bounds = map[string]number{}
	}
	r.bounds[tg.name] = n
	switch tg.name {
	case tagMinimum:
		r.Minimum = text
		r.add(tg.name, "must be at least "+string(text), func(v reflect.Value) bool { return n.compareTo(v) >= 0 })
	case tagMaximum:
		r.Maximum = text
		r.add(tg.name, "must be at most "+string(text), func(v reflect.Value) bool { return n.compareTo(v) <= 0 })
	case tagExclusiveMinimum:
		r.ExclusiveMinimum = text
		r.add(tg.name, "must be greater than "+string(text), func(v reflect.Value) bool { return n.compareTo(v) > 0 })
	default:
		r.ExclusiveMaximum = text
		r.add(tg.name, "must be less than "+string(text), func(v reflect.Value) bool { return n.compareTo(v) < 0 })
	}
	return nil
}

// addLength adds minLength or maxLength, counted in code points.
func (r *Rules) addLength(t reflect.Type, tg tagValue) error {
	if t.Kind() != reflect.String {
		return tagProblem(tg.name, tg.value, "applies to strings, and this is %s", describeKind(t))
	}
	n, err := parseLength(tg)
	if err != nil {
		return err
	}
	if tg.name == tagMinLength {
		r.MinLength = &n
		r.add(tg.name, fmt.Sprintf("must be at least %d %s", n, plural(n, "character")), func(v reflect.Value) bool { return atLeast(v.String(), n) })
	} else {
		r.MaxLength = &n
		r.add(tg.name, fmt.Sprintf("must be at most %d %s", n, plural(n, "character")), func(v reflect.Value) bool { return !atLeast(v.String(), n+1) })
	}
	return nil
}

// atLeast reports whether s has at least n code points, without counting
// further than it must.
func atLeast(s string, n int) bool {
	if len(s) < n { // a code point takes at least one byte
		return false
	}
	count := 0
	for range s {
		if count++; count >= n {
			return true
		}
	}
	return n <= 0
}

// addPattern adds a regular expression.
func (r *Rules) addPattern(t reflect.Type, tg tagValue) error {
	if t.Kind() != reflect.String {
		return tagProblem(tg.name, tg.value, "applies to strings, and this is %s", describeKind(t))
	}
	re, err := regexp.Compile(tg.value)
	if err != nil {
		return tagProblem(tg.name, tg.value, "%v", err)
	}
	r.Pattern = tg.value
	r.add(tg.name, "must match the pattern "+tg.value, func(v reflect.Value) bool { return re.MatchString(v.String()) })
	return nil
}

// addFormat adds one of Formats.
func (r *Rules) addFormat(t reflect.Type, tg tagValue) error {
	if t.Kind() != reflect.String {
		return tagProblem(tg.name, tg.value, "applies to strings, and this is %s", describeKind(t))
	}
	f, ok := formatOf(tg.value)
	if !ok {
		return tagProblem(tg.name, tg.value, "unknown format, want one of %s", strings.Join(Formats(), ", "))
	}
	r.Format = tg.value
	r.add(tg.name, f.message, func(v reflect.Value) bool { return f.check(v.String()) })
	return nil
}

// addEnum adds the values of the enum tag.
func (r *Rules) addEnum(t reflect.Type, tg tagValue) error {
	if !enumKind(t) {
		return tagProblem(tg.name, tg.value, "applies to strings, numbers and booleans, and this is %s", describeKind(t))
	}
	if set, err := typeEnum(t); set != nil || err != nil {
		return tagProblem(tg.name, tg.value, "the field's type %s has an Enum method, which lists its values; drop the tag", t)
	}
	set, err := parseEnum(t, tg.value)
	if err != nil {
		return tagProblem(tg.name, tg.value, "%v", err)
	}
	r.Enum = set.json
	r.add(tg.name, set.message, set.has)
	return nil
}

// parseLength parses a length or item count: a non-negative integer.
func parseLength(tg tagValue) (int, error) {
	n, err := strconv.ParseUint(tg.value, 10, 31)
	if err != nil {
		return 0, tagProblem(tg.name, tg.value, "want a non-negative integer")
	}
	return int(n), nil
}

// plural returns "1 item" style nouns.
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// checkBounds returns an error when a lower bound is above its upper bound,
// so that no value could pass.
func (r *Rules) checkBounds() error {
	pairs := []struct {
		lo, hi string
		strict bool
	}{
		{tagMinimum, tagMaximum, false}, {tagExclusiveMinimum, tagExclusiveMaximum, true},
		{tagMinimum, tagExclusiveMaximum, true}, {tagExclusiveMinimum, tagMaximum, true},
	}
	for _, p := range pairs {
		lo, okLo := r.bounds[p.lo]
		hi, okHi := r.bounds[p.hi]
		if !okLo || !okHi {
			continue
		}
		switch c := lo.compare(hi); {
		case c > 0:
			return tagProblem(p.lo, string(lo.text()), "is above %s %s, so no value could pass", p.hi, hi.text())
		case c == 0 && p.strict:
			return tagProblem(p.lo, string(lo.text()), "equals %s %s, so no value could pass", p.hi, hi.text())
		}
	}
	if r.MinLength != nil && r.MaxLength != nil && *r.MinLength > *r.MaxLength {
		return tagProblem(tagMinLength, strconv.Itoa(*r.MinLength), "is above maxLength %d, so no value could pass", *r.MaxLength)
	}
	if r.MinItems != nil && r.MaxItems != nil && *r.MinItems > *r.MaxItems {
		return tagProblem(tagMinItems, strconv.Itoa(*r.MinItems), "is above maxItems %d, so no value could pass", *r.MaxItems)
	}
	return nil
}
