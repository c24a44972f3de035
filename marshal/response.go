package marshal

import (
	"net/http"
	"reflect"
)

// Response is a response body with the status and header to send it with,
// for a function that chooses them per call: a Typed (or Marshaled short
// shape) function that returns *Response[T] answers with its Status (0
// means 200) and Header (each key it names replaces the values already set;
// a key with no values removes them) and encodes Body as a function that
// returns T would. T is what a response may be: a pointer to a struct, a
// map, a slice or an io.Reader. A nil *Response[T] answers 200
// with a null body.
//
//	func create(ctx context.Context, in *ItemInput) (*marshal.Response[*Item], error) {
//		it := ...
//		return &marshal.Response[*Item]{Status: http.StatusCreated,
//			Header: http.Header{"Location": {"/items/" + it.ID}}, Body: it}, nil
//	}
//
// The handler learns at construction that the function returns a Response;
// a request costs one type assertion, no reflection.
type Response[T any] struct {
	Status int
	Header http.Header
	Body   T
}

// responder is implemented by every *Response[T].
type responder interface {
	parts() (status int, header http.Header, body any)
	bodyType() reflect.Type
}

var responderType = reflect.TypeFor[responder]()

func (r *Response[T]) parts() (int, http.Header, any) {
	if r == nil {
		return 0, nil, nil
	}
	return r.Status, r.Header, r.Body
}

func (*Response[T]) bodyType() reflect.Type { return reflect.TypeFor[T]() }

// responseBody returns the type of the body of a declared response type t:
// T for *Response[T], t itself otherwise, and whether t is a Response.
func responseBody(t reflect.Type) (body reflect.Type, wrapped bool) {
	if t.Implements(responderType) {
		return reflect.Zero(t).Interface().(responder).bodyType(), true
	}
	return t, false
}

// unwrap returns the result the function's response value v gives: its
// parts when it is a Response.
func unwrap(v any, err error) result {
	status, header, body := v.(responder).parts()
	return result{status: status, header: header, body: body, err: err}
}
