package marshal

import (
	"fmt"
	"reflect"

	"github.com/seed78c03fa0/tonic/internal/validate"
)

// validator is implemented by request values that check themselves.
type validator interface{ Validate() error }

var validatorType = reflect.TypeFor[validator]()

// requestPlan is what the Handler knows, from construction on, about the
// function's request value.
type requestPlan struct {
	typ       reflect.Type // as declared: *T, a map or a slice
	alloc     reflect.Type // allocated per request: T, or the map or slice type
	direct    bool         // the function takes the pointer to the allocated value
	shape     *shape       // the keys the body may have
	params    []param      // fields bound from the path, query and headers
	validates bool         // *alloc has Validate() error

	// checks is the plan of the validation tags, nil when there are none.
	checks *validate.Plan
}

// newRequestPlan returns the plan for request type t. Its error completes a
// sentence that starts with the argument's position.
func newRequestPlan(t reflect.Type) (*requestPlan, error) {
	p := &requestPlan{typ: t}
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		p.alloc, p.direct = t.Elem(), true
		params, err := paramsOf(p.alloc)
		if err != nil {
			return nil, fmt.Errorf("is %s, whose %w", t, err)
		}
		p.params = params
		p.shape = bodyShape(p.alloc, isParam)
	case t.Kind() == reflect.Map || t.Kind() == reflect.Slice:
		p.alloc = t
		p.shape = bodyShape(t, nil)
	default:
		return nil, fmt.Errorf("is %s, want a pointer to a struct, a map or a slice", t)
	}
	if err := p.compileChecks(); err != nil {
		return nil, fmt.Errorf("is %s: %w", t, err)
	}
	p.validates = reflect.PointerTo(p.alloc).Implements(validatorType)
	return p, nil
}

// checkResponse returns an error, completing a sentence that starts with the
// result's position, unless t is a pointer to a struct, a map, a slice, or
// an io.Reader of any type (an interface such as io.ReadCloser, or a
// concrete type such as *os.File), which is streamed.
func checkResponse(t reflect.Type) error {
	switch {
	case isStream(t),
		t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct,
		t.Kind() == reflect.Map, t.Kind() == reflect.Slice:
		return nil
	}
	return fmt.Errorf("is %s, want a pointer to a struct, a map, a slice or an io.Reader", t)
}
