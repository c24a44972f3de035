package tonic

import (
	"context"
	"encoding/json"
	"net/http"
)

// ErrorWriter writes an error response. status has already been resolved
// (see ResolveError); implementations describe err with Describe so that
// private detail never reaches the client, and list FieldsOf(err) when
// there are any. Implementations must be safe for concurrent use.
type ErrorWriter interface {
	WriteError(w http.ResponseWriter, r *http.Request, status int, err error)
}

// JSONErrors is the default ErrorWriter. It writes
//
//	{"error":"not_found","description":"...","request_id":"..."}
//
// as application/json, or "not_found: ...\n" as text/plain to a client whose
// Accept header excludes JSON. request_id appears when the request has one,
// and "fields" when the error lists invalid values (see Error.Fields):
//
//	"fields":[{"path":"body.name","rule":"maxLength","message":"must be at most 100 characters"}]
type JSONErrors struct{}

// ProblemErrors is an ErrorWriter for RFC 9457 problem details. It writes
//
//	{"type":"about:blank","title":"Not Found","status":404,"detail":"...","error":"not_found","request_id":"..."}
//
// as application/problem+json, as application/json to a client that accepts
// only that, or as text/plain to a client that accepts no JSON. "fields"
// appears, as for JSONErrors, when the error lists invalid values.
type ProblemErrors struct {
	// Type is the problem type URI. Defaults to "about:blank".
	Type string
}

// jsonError is the JSONErrors body.
type jsonError struct {
	Error       string       `json:"error"`
	Description string       `json:"description"`
	RequestID   string       `json:"request_id,omitempty"`
	Fields      []FieldError `json:"fields,omitempty"`
}

// problem is the ProblemErrors body.
type problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Error     string       `json:"error"`
	RequestID string       `json:"request_id,omitempty"`
	Fields    []FieldError `json:"fields,omitempty"`
}

// WriteError implements ErrorWriter.
func (JSONErrors) WriteError(w http.ResponseWriter, r *http.Request, status int, err error) {
	name, desc := Describe(status, err)
	id := RequestIDFrom(r.Context())
	if !AcceptsJSON(AcceptHeader(r)) {
		writePlainError(w, status, name, desc)
		return
	}
	if fields := FieldsOf(err); len(fields) > 0 {
		writeJSONError(w, status, "application/json", jsonError{Error: name, Description: desc, RequestID: id, Fields: fields})
		return
	}
	reply := newErrorReply("application/json")
	b := append(reply.body[:0], `{"error":`...)
	b = appendJSONString(b, name)
	b = append(b, `,"description":`...)
	b = appendJSONString(b, desc)
	if id != "" {
		b = append(b, `,"request_id":`...)
		b = appendJSONString(b, id)
	}
	reply.write(w, status, append(b, "}\n"...))
}

// WriteError implements ErrorWriter.
func (p ProblemErrors) WriteError(w http.ResponseWriter, r *http.Request, status int, err error) {
	name, desc := Describe(status, err)
	body := problem{Type: p.Type, Title: http.StatusText(status), Status: status, Detail: desc,
		Error: name, RequestID: RequestIDFrom(r.Context()), Fields: FieldsOf(err)}
	if body.Type == "" {
		body.Type = "about:blank"
	}
	if body.Title == "" {
		body.Title = desc
	}
	accept := AcceptHeader(r)
	switch {
	case Accepts(accept, "application/problem+json"):
		writeJSONError(w, status, "application/problem+json", body)
	case AcceptsJSON(accept):
		writeJSONError(w, status, "application/json", body)
	default:
		writePlainError(w, status, name, desc)
	}
}

// writeJSONError writes body as JSON with the given content type.
func writeJSONError(w http.ResponseWriter, status int, contentType string, body any) {
	b, err := json.Marshal(body)
	if err != nil { // the bodies are plain strings and ints: cannot happen
		b = []byte(`{"error":"internal_server_error"}`)
	}
	newErrorReply(contentType).write(w, status, append(b, '\n'))
}

// errorReply is what an error response needs besides its body's text: its
// two header values, and room for a short body, in one allocation.
type errorReply struct {
	values [2]string // Content-Type and X-Content-Type-Options
	body   [160]byte // most JSONErrors bodies fit; a longer one grows out of it
}

// newErrorReply returns the reply of an error response of contentType.
func newErrorReply(contentType string) *errorReply {
	return &errorReply{values: [2]string{contentType, "nosniff"}}
}

// write sends the header, with status, and body (which ends in a newline)
// when the status allows a body. Each header value is a slice of its own,
// of capacity 1, so that a later Header().Add cannot write into the other.
func (x *errorReply) write(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	delete(h, "Content-Length")
	h["Content-Type"] = x.values[0:1:1]
	h["X-Content-Type-Options"] = x.values[1:2:2]
	w.WriteHeader(status)
	if bodyAllowed(status) {
		_, _ = w.Write(body)
	}
}

// writePlainError writes the text/plain form of an error.
func writePlainError(w http.ResponseWriter, status int, name, desc string) {
	x := newErrorReply("text/plain; charset=utf-8")
	b := append(x.body[:0], name...)
	b = append(b, ": "...)
	b = append(b, desc...)
	x.write(w, status, append(b, '\n'))
}

// bodyAllowed reports whether a response with this status may have a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// errorWriterKey is the context key of the ErrorWriter.
type errorWriterKey struct{}

// ContextWithErrorWriter returns a copy of ctx that makes every tonic
// component (the muxes, marshal, middleware) write errors with ew. A service
// chooses its error format in one place: Server does it for every request
// through its BaseContext, and UseErrorWriter does it for a handler tree.
func ContextWithErrorWriter(ctx context.Context, ew ErrorWriter) context.Context {
	return context.WithValue(ctx, errorWriterKey{}, ew)
}

// ErrorWriterFrom returns the ErrorWriter carried by ctx, or JSONErrors.
func ErrorWriterFrom(ctx context.Context) ErrorWriter {
	if ew, ok := ctx.Value(errorWriterKey{}).(ErrorWriter); ok && ew != nil {
		return ew
	}
	return JSONErrors{}
}

// UseErrorWriter returns middleware that makes the handlers it wraps write
// errors with ew. It panics if ew is nil.
func UseErrorWriter(ew ErrorWriter) func(http.Handler) http.Handler {
	if ew == nil {
		panic("tonic: UseErrorWriter with a nil ErrorWriter")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(ContextWithErrorWriter(r.Context(), ew)))
		})
	}
}

// WriteError writes an error response for err with the ErrorWriter of the
// request's context. The status is resolved by ResolveError: the status err
// carries wins over status; pass 0 to mean "the error's status, or 500".
// An error that only says the request's context ended (ctx.Err()) is
// answered with the context's cause when that carries a status, or with
// StatusClientClosedRequest when the client went away, never with a 500.
func WriteError(w http.ResponseWriter, r *http.Request, status int, err error) {
	status, err = ResolveError(r, status, err)
	ErrorWriterFrom(r.Context()).WriteError(w, r, status, err)
}
