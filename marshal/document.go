package marshal

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Options returns the options the Handler was made with, with the defaults
// applied to MaxBodyBytes and Codec: what a documentation generator needs,
// with the documentation fields (OperationID, Summary, Errors...) as given.
// The slices are copies.
func (h *Handler) Options() Options {
	o := h.doc
	o.MaxBodyBytes, o.Codec = h.maxBody, h.codec
	o.Tags, o.Errors = slices.Clone(o.Tags), slices.Clone(o.Errors)
	return o
}

// FuncName returns the name of the function the Handler calls, as the
// runtime knows it: "main.sleep" for a function, "main.(*stuff).create-fm"
// for a method value, "main.newAPI.func1" for a function literal.
func (h *Handler) FuncName() string { return h.name }

// Validates reports whether the Handler checks the request value beyond
// its shape, with validation tags or a Validate method, and so may answer
// 422.
func (h *Handler) Validates() bool {
	return h.req != nil && (h.req.checks != nil || h.req.validates)
}

// funcName returns the runtime's name of the function fn holds.
func funcName(fn reflect.Value) string {
	if f := runtime.FuncForPC(fn.Pointer()); f != nil {
		return f.Name()
	}
	return ""
}

// checkDoc checks the documentation fields of o.
func checkDoc(o Options) error {
	if o.Status != 0 && (o.Status < 200 || o.Status > 399) {
		return fmt.Errorf("Options.Status is %d, want 200-399 (or 0 for 200)", o.Status)
	}
	for i, tag := range o.Tags {
		if tag == "" {
			return fmt.Errorf("Options.Tags[%d] is empty, want a name", i)
		}
	}
	for i, err := range o.Errors {
		if err == nil {
			return fmt.Errorf("Options.Errors[%d] is nil, want an error that carries its status", i)
		}
		status, ok := tonic.StatusOf(err)
		if !ok || status < 400 {
			return fmt.Errorf("Options.Errors[%d] (%q) carries no status of 400 or more; want a *tonic.Error or an error with a StatusCode() int method", i, err)
		}
	}
	return nil
}
