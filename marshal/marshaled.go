package marshal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"

	"github.com/seed78c03fa0/tonic/tonic"
)

// Marshaled returns a Handler that calls fn, a function of one of these
// shapes, where Req is a pointer to a struct, a map or a slice, and Resp is
// one of those or an io.Reader, which is streamed:
//
//	func(*url.URL, http.Header) (int, http.Header, Resp, error)
//	func(*url.URL, http.Header, Req) (int, http.Header, Resp, error)
//	func(context.Context, *url.URL, http.Header) (int, http.Header, Resp, error)
//	func(context.Context, *url.URL, http.Header, Req) (int, http.Header, Resp, error)
//	func(*http.Request) (int, http.Header, Resp, error)
//	func(*http.Request, Req) (int, http.Header, Resp, error)
//	func(context.Context) (Resp, error)
//	func(context.Context, Req) (Resp, error)
//
// A function of the last two shapes may return *Response[Resp] to choose
// its status and headers.
//
// The *url.URL is tonic.AbsoluteURL(r): the URL the client asked for, with
// its Scheme ("https" over TLS) and Host (the Host header) filled in as
// Tiger Tonic's server filled them, so u.String() is an absolute URL, and
// with the path as the client sent it, namespace prefixes included. It is
// a new URL per request; r.URL is never modified.
//
// The function's type is examined once, here; fn is called by reflection.
// Typed serves the last shape without reflection. Marshaled panics, with a
// message that names the argument or result at fault, if fn is nil or of
// any other shape, or if Req's parameter tags are wrong.
func Marshaled(fn any, opts ...Options) *Handler {
	h, err := marshaled(fn, opts)
	if err != nil {
		panic(err)
	}
	return h
}

// marshaled is Marshaled returning its error.
func marshaled(fn any, opts []Options) (*Handler, error) {
	if fn == nil {
		return nil, errors.New("marshal: Marshaled(nil): want a function")
	}
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func {
		return nil, fmt.Errorf("marshal: Marshaled(%s): want a function", t)
	}
	if v.IsNil() {
		return nil, fmt.Errorf("marshal: Marshaled(%s): the function is nil", t)
	}
	sig, err := parseSignature(t)
	if err != nil {
		return nil, fmt.Errorf("marshal: Marshaled(%s): %w", t, err)
	}
	h := newHandler(reflectInvoker(v, sig), v, sig.req, sig.resp, "Marshaled", opts)
	h.noBody = sig.req == nil && !slices.Contains(sig.args, argRequest)
	return h, nil
}

// argKind is what the Handler passes for one argument.
type argKind uint8

const (
	argContext argKind = iota
	argRequest
	argURL
	argHeader
	argBody
)

// signature is a function's shape, as parseSignature found it.
type signature struct {
	args    []argKind
	req     *requestPlan // nil without a request value
	resp    reflect.Type // the body's type
	wrapped bool         // the function returns *Response[resp]
	short   bool         // (Resp, error) results
}

var (
	contextType = reflect.TypeFor[context.Context]()
	requestType = reflect.TypeFor[*http.Request]()
	urlType     = reflect.TypeFor[*url.URL]()
	headerType  = reflect.TypeFor[http.Header]()
	errorType   = reflect.TypeFor[error]()
)

// parseSignature checks t against the supported shapes.
func parseSignature(t reflect.Type) (signature, error) {
	var sig signature
	if t.IsVariadic() {
		return sig, errors.New("is variadic, want a fixed list of arguments")
	}
	if t.NumIn() == 0 {
		return sig, errors.New("has no arguments, want context.Context, *http.Request or *url.URL first")
	}
	var rest []reflect.Type
	switch first := t.In(0); {
	case first == contextType && t.NumOut() == 2:
		sig.short = true
		sig.args, rest = []argKind{argContext}, ins(t, 1)
	case first == contextType:
		sig.args, rest = []argKind{argContext}, ins(t, 1)
		if len(rest) == 0 || rest[0] != urlType {
			return sig, wrongArg(t, 2, "*url.URL (or a function returning (Resp, error))")
		}
		fallthrough
	case first == urlType:
		if sig.args == nil {
			rest = ins(t, 0)
		}
		if len(rest) < 2 || rest[1] != headerType {
			return sig, wrongArg(t, len(sig.args)+2, "http.Header")
		}
		sig.args, rest = append(sig.args, argURL, argHeader), rest[2:]
	case first == requestType:
		sig.args, rest = []argKind{argRequest}, ins(t, 1)
	default:
		return sig, wrongArg(t, 1, "context.Context, *http.Request or *url.URL")
	}
	if err := sig.request(t, rest); err != nil {
		return sig, err
	}
	return sig, sig.results(t)
}

// ins returns t's argument types from position i on.
func ins(t reflect.Type, i int) []reflect.Type {
	var in []reflect.Type
	for ; i < t.NumIn(); i++ {
		in = append(in, t.In(i))
	}
	return in
}

// wrongArg describes argument pos (1-based), which is missing or of the
// wrong type.
func wrongArg(t reflect.Type, pos int, want string) error {
	if pos > t.NumIn() {
		return fmt.Errorf("has %d arguments, want %s as argument %d", t.NumIn(), want, pos)
	}
	return fmt.Errorf("argument %d is %s, want %s", pos, t.In(pos-1), want)
}

// request checks the optional request value, the last argument.
func (sig *signature) request(t reflect.Type, rest []reflect.Type) error {
	switch len(rest) {
	case 0:
		return nil
	case 1:
		plan, err := newRequestPlan(rest[0])
		if err != nil {
			return fmt.Errorf("argument %d %w", t.NumIn(), err)
		}
		sig.req, sig.args = plan, append(sig.args, argBody)
		return nil
	}
	return fmt.Errorf("has %d arguments, want at most %d", t.NumIn(), len(sig.args)+1)
}

// results checks the results: (Resp, error) for the short shapes, else
// (int, http.Header, Resp, error).
func (sig *signature) results(t reflect.Type) error {
	want := []string{"int", "http.Header", "", "error"}
	if sig.short {
		want = want[2:]
	}
	if t.NumOut() != len(want) {
		return fmt.Errorf("returns %d results, want %d: (%s)", t.NumOut(), len(want), resultList(sig.short))
	}
	for i, w := range want {
		out := t.Out(i)
		var err error
		switch w {
		case "int":
			if out.Kind() != reflect.Int {
				err = fmt.Errorf("is %s, want int", out)
			}
		case "http.Header":
			if out != headerType {
				err = fmt.Errorf("is %s, want http.Header", out)
			}
		case "error":
			if out != errorType {
				err = fmt.Errorf("is %s, want error", out)
			}
		default:
			sig.resp, sig.wrapped = responseBody(out)
			if sig.wrapped && !sig.short {
				err = fmt.Errorf("is %s, which the (%s) shape cannot return: return it from a function with (Resp, error) results", out, resultList(false))
				break
			}
			err = checkResponse(sig.resp)
		}
		if err != nil {
			return fmt.Errorf("result %d %w", i+1, err)
		}
	}
	return nil
}

// resultList names the results a shape wants.
func resultList(short bool) string {
	if short {
		return "Resp, error"
	}
	return "int, http.Header, Resp, error"
}

// reflectInvoker returns the invoker that calls fn by reflection.
func reflectInvoker(fn reflect.Value, sig signature) invoker {
	direct := sig.req != nil && sig.req.direct
	args := sig.args
	return func(r *http.Request, target any) result {
		var in [4]reflect.Value
		for i, a := range args {
			in[i] = argValue(a, r, target, direct)
		}
		out := fn.Call(in[:len(args)])
		if sig.wrapped {
			return unwrap(out[0].Interface(), asError(out[1]))
		}
		if sig.short {
			return result{body: out[0].Interface(), err: asError(out[1])}
		}
		header, _ := out[1].Interface().(http.Header)
		return result{status: int(out[0].Int()), header: header, body: out[2].Interface(), err: asError(out[3])}
	}
}

// argValue returns the value passed for an argument of kind a.
func argValue(a argKind, r *http.Request, target any, direct bool) reflect.Value {
	switch a {
	case argContext:
		return reflect.ValueOf(r.Context())
	case argRequest:
		return reflect.ValueOf(r)
	case argURL:
		return reflect.ValueOf(tonic.AbsoluteURL(r))
	case argHeader:
		return reflect.ValueOf(r.Header)
	}
	v := reflect.ValueOf(target)
	if !direct {
		v = v.Elem()
	}
	return v
}

// asError returns the error held by v, a value of type error.
func asError(v reflect.Value) error {
	if v.IsNil() {
		return nil
	}
	err, _ := v.Interface().(error)
	return err
}
