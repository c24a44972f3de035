package marshal

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
)

// Typed returns a Handler that calls fn, the short shape of Marshaled,
// directly: its types are checked by the compiler and no reflective call is
// made per request. Req is a pointer to a struct, a map or a slice; Resp is
// one of those, an io.Reader (streamed), or a *Response[T] of one of those
// when the function chooses its status and headers. The request is decoded, bound and
// validated, and the response encoded, exactly as for Marshaled. Typed
// panics if fn is nil, if Req or Resp is of another kind, or if Req's
// parameter tags are wrong.
func Typed[Req, Resp any](fn func(context.Context, Req) (Resp, error), opts ...Options) *Handler {
	if fn == nil {
		panic(fmt.Sprintf("marshal: Typed(%T): the function is nil", fn))
	}
	reqType := reflect.TypeFor[Req]()
	plan, err := newRequestPlan(reqType)
	if err != nil {
		panic(fmt.Sprintf("marshal: Typed(%T): argument 2 %v", fn, err))
	}
	respType, wrapped := responseBody(reflect.TypeFor[Resp]())
	if err := checkResponse(respType); err != nil {
		panic(fmt.Sprintf("marshal: Typed(%T): result 1 %v", fn, err))
	}
	direct := plan.direct
	invoke := func(r *http.Request, target any) result {
		var req Req
		if direct {
			req = target.(Req)
		} else {
			req = *target.(*Req)
		}
		resp, err := fn(r.Context(), req)
		if wrapped {
			return unwrap(resp, err)
		}
		return result{body: resp, err: err}
	}
	return newHandler(invoke, reflect.ValueOf(fn), plan, respType, "Typed", opts)
}
