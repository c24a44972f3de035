package openapi

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Operation documents a route beyond what its handler tells: given to
// Describe, it documents a handler that is not a typed one (a
// marshal.Handler documents itself through marshal.Options, whose fields of
// the same names these are), overrides what a typed handler says, or
// applies to every route of a mux mounted as a namespace.
type Operation struct {
	// ID is the operationId. Defaults to the typed handler's function name,
	// else to the method and path ("getFilesPath").
	ID string
	// Summary is a one-line description. Defaults to none.
	Summary string
	// Description describes the operation at length, in CommonMark.
	// Defaults to none.
	Description string
	// Tags group operations in documentation; they add up with those of
	// the handler inside. Defaults to none.
	Tags []string
	// Hidden leaves the operation out of the document. Defaults to false.
	Hidden bool
	// Status is the status of a successful response, 200-399. Defaults to
	// the typed handler's, else 200 when Response is given, else the
	// operation is documented with a default response of unknown content.
	Status int
	// Response is the Go type of a successful response's JSON body, for a
	// handler that is not typed. Defaults to none: no content.
	Response reflect.Type
	// Errors are the errors the operation returns, as values that carry
	// their status and name (see marshal.Options.Errors); they add up with
	// those of the handler inside. Defaults to none.
	Errors []error
	// Methods are the methods a namespace's handler is documented with.
	// Defaults to every method OpenAPI 3.1 can name.
	Methods []string
}

// Describe returns a handler that serves as h does and documents the routes
// it is registered at with op: its fields that are set replace those of
// what is inside (a typed handler, or an Operation that Describe gave
// before), except that Tags and Errors add up and Hidden from either hides.
// Around a mux mounted as a namespace it applies to each of its routes,
// whose own documentation wins. The handler has an Unwrap method that
// returns h. Describe panics if h is nil, or if op's Status, Tags, Errors
// or Methods are unusable, naming the culprit.
func Describe(h http.Handler, op Operation) http.Handler {
	if h == nil {
		panic("openapi: Describe(nil, ...): want a handler")
	}
	if err := op.check(); err != nil {
		panic("openapi: Describe: " + err.Error())
	}
	op.Tags, op.Errors, op.Methods = slices.Clone(op.Tags), slices.Clone(op.Errors), slices.Clone(op.Methods)
	for i, m := range op.Methods {
		op.Methods[i] = strings.ToUpper(m)
	}
	return &described{next: h, op: op}
}

// described is the handler Describe returns.
type described struct {
	next http.Handler
	op   Operation
}

// ServeHTTP serves the request with the handler inside.
func (d *described) ServeHTTP(w http.ResponseWriter, r *http.Request) { d.next.ServeHTTP(w, r) }

// Unwrap returns the handler inside.
func (d *described) Unwrap() http.Handler { return d.next }

// check returns an error naming the first unusable field of op.
func (op *Operation) check() error {
	if op.Status != 0 && (op.Status < 200 || op.Status > 399) {
		return fmt.Errorf("Operation.Status is %d, want 200-399 (or 0)", op.Status)
	}
	for i, tag := range op.Tags {
		if tag == "" {
			return fmt.Errorf("Operation.Tags[%d] is empty, want a name", i)
		}
	}
	for i, err := range op.Errors {
		if status, ok := tonic.StatusOf(err); !ok || status < 400 {
			return fmt.Errorf("Operation.Errors[%d] (%v) carries no status of 400 or more; want a *tonic.Error or an error with a StatusCode() int method", i, err)
		}
	}
	for i, m := range op.Methods {
		if !slices.Contains(operationMethods[:], strings.ToUpper(m)) {
			return fmt.Errorf("Operation.Methods[%d] is %q, want one of %s", i, m, strings.Join(operationMethods[:], ", "))
		}
	}
	return nil
}

// fromOptions returns the documentation fields of a typed handler's
// options as an Operation.
func fromOptions(o marshal.Options) Operation {
	return Operation{ID: o.OperationID, Summary: o.Summary, Description: o.Description, Tags: o.Tags,
		Hidden: o.Hidden, Status: o.Status, Errors: o.Errors}
}

// merge returns the Operation that layers say together, the first layer
// winning: the first ID, Summary, Description, Status, Response and
// Methods set; Tags and Errors of every layer, the last layer's first; and
// Hidden if any layer hides.
func merge(layers []Operation) Operation {
	var m Operation
	for _, l := range layers {
		first(&m.ID, l.ID)
		first(&m.Summary, l.Summary)
		first(&m.Description, l.Description)
		if m.Status == 0 {
			m.Status = l.Status
		}
		if m.Response == nil {
			m.Response = l.Response
		}
		if m.Methods == nil {
			m.Methods = l.Methods
		}
		m.Hidden = m.Hidden || l.Hidden
	}
	for i := len(layers) - 1; i >= 0; i-- {
		for _, tag := range layers[i].Tags {
			if !slices.Contains(m.Tags, tag) {
				m.Tags = append(m.Tags, tag)
			}
		}
		m.Errors = append(m.Errors, layers[i].Errors...)
	}
	return m
}

// first sets *to to v unless *to is set already.
func first(to *string, v string) {
	if *to == "" {
		*to = v
	}
}
