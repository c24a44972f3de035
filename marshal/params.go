package marshal

import (
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"reflect"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Parameter describes one field of a request struct that is bound from the
// request rather than decoded from the body.
type Parameter struct {
	// Name is the path wildcard, query key or header name (canonical form).
	Name string
	// In is "path", "query" or "header".
	In string
	// Required is always true for path parameters, and set by the tag
	// required:"true" for the others.
	Required bool
	// Type is the Go type of the field.
	Type reflect.Type
	// Field is the Go name of the field.
	Field string
	// Index is the field's index path in the request struct, as
	// reflect.VisibleFields gives it (longer than one for a field promoted
	// from an embedded struct).
	Index []int
}

// param is a Parameter with what binding needs.
type param struct {
	Parameter
	index []int
	set   setter // for a slice field, the setter of one element
	slice bool
}

// paramTags returns the struct tags that bind a field, in the order checked.
func paramTags() [3]string { return [3]string{"path", "query", "header"} }

// isParam reports whether a struct field carries a parameter tag.
func isParam(sf reflect.StructField) bool {
	for _, tag := range paramTags() {
		if _, ok := sf.Tag.Lookup(tag); ok {
			return true
		}
	}
	return false
}

// IsParameter reports whether a field of a request struct is bound from
// the request (it has a path, query or header tag) rather than decoded from
// the body: the rule a Handler follows, for documentation generators.
func IsParameter(sf reflect.StructField) bool { return isParam(sf) }

// paramsOf returns the parameters of struct type t, or an error naming the
// first field whose tags or type are wrong.
func paramsOf(t reflect.Type) ([]param, error) {
	var ps []param
	for _, sf := range reflect.VisibleFields(t) {
		if !isParam(sf) {
			continue
		}
		p, err := paramOf(t, sf)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", sf.Name, err)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// paramOf builds the parameter for one tagged field of t.
func paramOf(t reflect.Type, sf reflect.StructField) (param, error) {
	p := param{Parameter: Parameter{Type: sf.Type, Field: sf.Name, Index: sf.Index}, index: sf.Index}
	for _, tag := range paramTags() {
		name, ok := sf.Tag.Lookup(tag)
		switch {
		case !ok:
		case p.In != "":
			return p, fmt.Errorf("has both %s and %s tags, want one", p.In, tag)
		case name == "":
			return p, fmt.Errorf("%s tag is empty, want a name", tag)
		default:
			p.In, p.Name = tag, name
		}
	}
	if err := p.required(sf); err != nil {
		return p, err
	}
	if err := p.reachable(t, sf); err != nil {
		return p, err
	}
	return p, p.setter(sf.Type)
}

// required applies the required tag.
func (p *param) required(sf reflect.StructField) error {
	switch req, _ := sf.Tag.Lookup("required"); {
	case req == "true":
		p.Required = true
	case req == "" || req == "false":
		if p.In == "path" && req == "false" {
			return fmt.Errorf(`required:"false" on a path parameter, which is always required`)
		}
		p.Required = p.In == "path"
	default:
		return fmt.Errorf(`required tag is %q, want "true" or "false"`, req)
	}
	if p.In == "header" {
		p.Name = textproto.CanonicalMIMEHeaderKey(p.Name)
	}
	return nil
}

// reachable checks that the field can be set without allocating embedded
// structs on the way.
func (p *param) reachable(t reflect.Type, sf reflect.StructField) error {
	if !sf.IsExported() {
		return fmt.Errorf("is unexported, so it cannot be set")
	}
	for i := 1; i < len(sf.Index); i++ {
		outer := t.FieldByIndex(sf.Index[:i])
		if outer.Type.Kind() == reflect.Pointer {
			return fmt.Errorf("is inside the embedded pointer %s; embed the struct by value", outer.Type)
		}
	}
	return nil
}

// setter chooses how values are converted.
func (p *param) setter(t reflect.Type) error {
	want := "is %s, want a string, number, bool, time.Time, time.Duration or encoding.TextUnmarshaler, or a pointer to one"
	if t.Kind() == reflect.Slice && !reflect.PointerTo(t).Implements(textUnmarshalerType) {
		if p.In == "path" {
			return fmt.Errorf("is %s, want a single value: a path parameter cannot be a slice", t)
		}
		p.slice, t = true, t.Elem()
		want = "is a slice of %s, want a slice of strings, numbers, bools, times, durations or encoding.TextUnmarshalers"
	}
	set, ok := setterFor(t)
	if !ok {
		return fmt.Errorf(want, t)
	}
	p.set = set
	return nil
}

// path returns the parameter's name in error messages: "query.limit".
func (p *param) path() string { return p.In + "." + p.Name }

// binder binds the parameters of one request, parsing the query once.
type binder struct {
	r        *http.Request
	query    url.Values
	queryErr error
	parsed   bool
	one      [1]string // the value of a path parameter, without a slice of its own
}

// bindParams sets the parameter fields of v, a struct, from r, and
// returns which the request gave: bit i for ps[i], for the first 64.
func bindParams(r *http.Request, v reflect.Value, ps []param) (given uint64, err error) {
	b := binder{r: r}
	for i := range ps {
		ok, err := b.bind(v, &ps[i])
		if err != nil {
			return 0, err
		}
		if ok && i < 64 {
			given |= 1 << i
		}
	}
	return given, nil
}

// bind sets one parameter, and reports whether the request gave it.
func (b *binder) bind(v reflect.Value, p *param) (bool, error) {
	values, err := b.values(p)
	if err != nil {
		return false, err
	}
	if len(values) == 0 {
		if p.Required {
			return false, &fieldError{path: p.path(), problem: "required"}
		}
		return false, nil
	}
	field := v.FieldByIndex(p.index)
	if !p.slice {
		if len(values) > 1 {
			return false, &fieldError{path: p.path(), problem: fmt.Sprintf("given %d times, want one value", len(values))}
		}
		return true, p.check(p.set(field, values[0]))
	}
	s := reflect.MakeSlice(field.Type(), len(values), len(values))
	for i, value := range values {
		if err := p.set(s.Index(i), value); err != nil {
			return false, &fieldError{path: fmt.Sprintf("%s[%d]", p.path(), i), problem: err.Error()}
		}
	}
	field.Set(s)
	return true, nil
}

// check names the parameter in a conversion error.
func (p *param) check(err error) error {
	if err == nil {
		return nil
	}
	return &fieldError{path: p.path(), problem: err.Error()}
}

// values returns the raw values of p in the request.
func (b *binder) values(p *param) ([]string, error) {
	switch p.In {
	case "path":
		if s := tonic.PathValue(b.r, p.Name); s != "" {
			b.one[0] = s
			return b.one[:1:1], nil
		}
		return nil, nil
	case "header":
		return b.r.Header[p.Name], nil
	}
	if !b.parsed {
		b.parsed = true
		b.query, b.queryErr = url.ParseQuery(b.r.URL.RawQuery)
	}
	if b.queryErr != nil {
		return nil, &fieldError{path: "query", problem: "malformed: " + b.queryErr.Error()}
	}
	return b.query[p.Name], nil
}
