package marshal

import (
	"fmt"
	"net/http"
	"reflect"

	"github.com/seed78c03fa0/tonic/internal/validate"
	"github.com/seed78c03fa0/tonic/tonic"
)

// maxFieldErrors is the most invalid values a 422 lists; the description
// counts the rest.
const maxFieldErrors = 100

// compileChecks compiles the validation tags of the request type into
// p.checks, left nil when there is nothing to check. Parameters are checked
// under their own paths ("query.limit"), whenever the request gives them,
// zero values included.
func (p *requestPlan) compileChecks() error {
	opts := validate.Options{}
	if p.alloc.Kind() == reflect.Struct {
		opts.Skip = isParam
		for _, pm := range p.params {
			sf := p.alloc.FieldByIndex(pm.index)
			sf.Index = pm.index
			opts.Params = append(opts.Params, validate.Param{Path: pm.path(), Field: sf, Optional: !pm.Required})
		}
	}
	plan, err := validate.Compile(p.alloc, opts)
	if err != nil {
		return err
	}
	if !plan.Empty() {
		p.checks = plan
	}
	return nil
}

// check runs the validation plan on v, the decoded and bound request
// value, whose parameters given says the request gave (see bindParams), and
// returns the 422 listing every invalid value, or nil.
func (p *requestPlan) check(v reflect.Value, given uint64) error {
	fields, total := p.checks.CheckGiven(v, maxFieldErrors, given)
	if total == 0 {
		return nil
	}
	msg := fields[0].Path + ": " + fields[0].Message
	if total > 1 {
		msg += fmt.Sprintf(" (and %d more)", total-1)
	}
	return &tonic.Error{Status: http.StatusUnprocessableEntity, Message: msg, Fields: fields}
}
