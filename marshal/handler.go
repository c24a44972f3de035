package marshal

import (
	"net/http"
	"reflect"
	"slices"
	"sync"

	"github.com/rs/zerolog"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Handler is an http.Handler made from a typed function by Marshaled or
// Typed. It decodes the request, calls the function and encodes its result;
// see the package documentation for the rules. It is safe for concurrent use.
type Handler struct {
	invoke invoker
	req    *requestPlan // nil when the function takes no request value
	resp   reflect.Type // the body's type (T for a function returning *Response[T])
	stream bool         // resp is an io.Reader: the body is streamed
	name   string       // the function's name, as the runtime knows it
	// noBody: the function sees no body (no request value, no
	// *http.Request), so a request that sends one is refused.
	noBody bool
	config
	buffers  sync.Pool // *[]byte request bodies
	encoders sync.Pool // *encoder, for response bodies (encode.go)
}

var _ http.Handler = (*Handler)(nil)

// invoker calls the function with the decoded request value target (nil
// when the function takes none).
type invoker func(r *http.Request, target any) result

// result is what the function returned.
type result struct {
	status int
	header http.Header
	body   any
	err    error
}

// newHandler returns a Handler around invoke, which calls fn, with the
// options applied; who names the constructor in panics.
func newHandler(invoke invoker, fn reflect.Value, req *requestPlan, resp reflect.Type, who string, opts []Options) *Handler {
	h := &Handler{invoke: invoke, req: req, resp: resp, stream: isStream(resp), name: funcName(fn),
		config: newConfig(who, opts)}
	h.buffers.New = func() any { return new([]byte) }
	return h
}

// RequestType returns the declared type of the function's request value (a
// pointer to a struct, a map or a slice), or nil if it takes none.
func (h *Handler) RequestType() reflect.Type {
	if h.req == nil {
		return nil
	}
	return h.req.typ
}

// ResponseType returns the type of the function's response body: a pointer
// to a struct, a map, a slice or an io.Reader (T for a function
// that returns *Response[T]).
func (h *Handler) ResponseType() reflect.Type { return h.resp }

// Streams reports whether the response is an io.Reader streamed as is.
func (h *Handler) Streams() bool { return h.stream }

// Parameters returns the request fields bound from the path, query and
// headers, in field order.
func (h *Handler) Parameters() []Parameter {
	if h.req == nil {
		return nil
	}
	ps := make([]Parameter, len(h.req.params))
	for i, p := range h.req.params {
		ps[i] = p.Parameter
		ps[i].Index = slices.Clone(p.index)
	}
	return ps
}

// ServeHTTP negotiates, decodes and binds the request, calls the function
// and writes its response. A request it rejects never reaches the function.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.stream && !tonic.AcceptsJSON(tonic.AcceptHeader(r)) {
		fail(w, r, 0, notAcceptable(r, "application/json"))
		return
	}
	target, status, err := h.request(w, r)
	if err != nil {
		fail(w, r, status, err)
		return
	}
	res := h.invoke(r, target)
	if h.stream {
		h.respondStream(w, r, res)
		return
	}
	h.respond(w, r, res)
}

// request returns the decoded, bound and validated request value, or the
// status and error to answer with.
func (h *Handler) request(w http.ResponseWriter, r *http.Request) (target any, status int, err error) {
	p := h.req
	if p == nil {
		if h.noBody {
			return nil, 0, refuseBody(r)
		}
		return nil, 0, nil
	}
	v := reflect.New(p.alloc)
	target = v.Interface()
	if err := h.decodeBody(w, r, target); err != nil {
		return nil, 0, err
	}
	var given uint64
	if len(p.params) > 0 {
		var err error
		if given, err = bindParams(r, v.Elem(), p.params); err != nil {
			return nil, 0, tonic.WrapError(http.StatusBadRequest, err, err.Error())
		}
	}
	if p.checks != nil {
		if err := p.check(v.Elem(), given); err != nil {
			return nil, 0, err
		}
	}
	if p.validates {
		if err := target.(validator).Validate(); err != nil {
			return nil, http.StatusUnprocessableEntity, err
		}
	}
	return target, 0, nil
}

// notAcceptable is the 406 error for a client whose Accept header rules out
// mediaType.
func notAcceptable(r *http.Request, mediaType string) error {
	return tonic.Errorf(http.StatusNotAcceptable, "Accept is %q, which rules out %s", tonic.AcceptHeader(r), mediaType)
}

// fail writes an error response through tonic's error model and logs it to
// the request's zerolog logger, if any: 5xx errors at error level (their
// detail is not shown to the client), others at debug level. A function
// that returned ctx.Err() is answered as tonic.ResolveError says: with the
// 503 of the server's cause, or the 499 of a client that went away, which
// is logged at debug level.
func fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	status, err = tonic.ResolveError(r, status, err)
	logger := zerolog.Ctx(r.Context())
	event := logger.Debug()
	if status >= http.StatusInternalServerError {
		event = logger.Error()
	}
	event.Err(err).Int("status", status).Msg("marshal: request failed")
	tonic.WriteError(w, r, status, err)
}
