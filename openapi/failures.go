package openapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// reason is one cause of an error response: the error's name, as the body's
// "error" member carries it, and why it happens.
type reason struct {
	status int
	name   string
	why    string
}

// failures adds the error responses of an operation: those the typed
// handler answers itself, those the route declares and a 401 when
// authentication is required, each with the schema of the service's error
// body.
func (b *builder) failures(op *operation, typed *marshal.Handler, declared []error, auth []string) {
	var reasons []reason
	if typed != nil {
		reasons = handlerReasons(typed, op.RequestBody != nil)
	}
	for _, err := range declared {
		status, _ := tonic.StatusOf(err)
		name, why := tonic.Describe(status, err)
		reasons = append(reasons, reason{status, name, why})
	}
	if len(auth) > 0 {
		reasons = append(reasons, reason{http.StatusUnauthorized, "unauthorized",
			"Credentials are missing or wrong (" + strings.Join(auth, ", ") + " authentication)."})
	}
	for _, r := range reasons {
		key := fmt.Sprint(r.status)
		resp := op.Responses[key]
		if resp == nil {
			resp = &response{Description: http.StatusText(r.status) + ".", Content: b.errorContent()}
			op.Responses[key] = resp
		}
		line := fmt.Sprintf("- `%s`: %s", r.name, r.why)
		switch {
		case strings.Contains(resp.Description, line):
		case strings.Contains(resp.Description, "\n- "):
			resp.Description += "\n" + line
		default:
			resp.Description += "\n\n" + line
		}
		if r.status == http.StatusUnauthorized && len(auth) > 0 {
			resp.Headers = map[string]*header{"WWW-Authenticate": {Description: "The challenge: the scheme and realm to authenticate with.",
				Schema: &Schema{Type: Types{"string"}}}}
		}
	}
}

// handlerReasons returns the errors a typed handler answers itself: 400,
// 413 and 415 for what it reads, 406 when the client refuses JSON, 422
// when it validates, and 500 when the function fails (or encoding does).
func handlerReasons(typed *marshal.Handler, hasBody bool) []reason {
	var rs []reason
	if typed.RequestType() != nil {
		rs = append(rs, reason{http.StatusBadRequest, "bad_request",
			"The body is not JSON of the right shape (malformed, an unknown or repeated key, a value of the wrong type), or a parameter is missing or does not convert; the description names the value."})
	}
	rs = append(rs, reason{http.StatusNotAcceptable, "not_acceptable", "The Accept header rules out the response's media type."})
	if hasBody {
		rs = append(rs,
			reason{http.StatusRequestEntityTooLarge, "request_entity_too_large",
				fmt.Sprintf("The body is over %s.", byteSize(typed.Options().MaxBodyBytes))},
			reason{http.StatusUnsupportedMediaType, "unsupported_media_type",
				"The body's Content-Type is not application/json (or a +json type) in UTF-8."})
	}
	if typed.Validates() {
		rs = append(rs, reason{http.StatusUnprocessableEntity, "unprocessable_entity",
			"A value breaks the validation rules the schemas state; `fields` lists each one by path and rule."})
	}
	return append(rs, reason{http.StatusInternalServerError, "internal_server_error",
		"The service failed; the description says no more."})
}

// errorContent returns the content of an error response: the error body
// of the service's ErrorWriter as JSON, or text to a client that accepts no
// JSON.
func (b *builder) errorContent() map[string]*mediaType {
	b.usesError = true
	text := &mediaType{Schema: &Schema{Type: Types{"string"}, Description: "\"name: description\", to a client that accepts no JSON."}}
	switch b.errorBody {
	case errorBodyJSON:
		return map[string]*mediaType{"application/json": {Schema: ref(errorSchemaName)}, "text/plain": text}
	case errorBodyProblem:
		return map[string]*mediaType{"application/problem+json": {Schema: ref(problemSchemaName)},
			"application/json": {Schema: ref(problemSchemaName)}, "text/plain": text}
	}
	return map[string]*mediaType{"*/*": {Schema: &Schema{}}}
}

// ref returns a reference to the component schema name.
func ref(name string) *Schema { return &Schema{Ref: DefaultRefPrefix + name} }

// errorBody says which error body the service writes.
type errorBody uint8

const (
	errorBodyJSON    errorBody = iota // tonic.JSONErrors
	errorBodyProblem                  // tonic.ProblemErrors
	errorBodyOther                    // another ErrorWriter: unknown
)

// errorBodyOf returns the error body ew writes.
func errorBodyOf(ew tonic.ErrorWriter) errorBody {
	switch ew.(type) {
	case nil, tonic.JSONErrors, *tonic.JSONErrors:
		return errorBodyJSON
	case tonic.ProblemErrors, *tonic.ProblemErrors:
		return errorBodyProblem
	}
	return errorBodyOther
}

// The names of the error body schemas among the components. The dot keeps
// them apart from the names of Go types, which never have one.
const (
	errorSchemaName      = "tonic.Error"
	problemSchemaName    = "tonic.Problem"
	fieldErrorSchemaName = "tonic.FieldError"
)

// errorSchemas returns the component schemas of the error body.
func errorSchemas(body errorBody) map[string]*Schema {
	str := func(desc string) *Schema { return &Schema{Type: Types{"string"}, Description: desc} }
	common := Properties{
		{"error", str("The error's name, in snake_case: not_found.")},
		{"request_id", str("The request's ID, as in the X-Request-ID header.")},
		{"fields", &Schema{Type: Types{"array"}, Items: ref(fieldErrorSchemaName),
			Description: "Each invalid value of the request (422)."}},
	}
	field := &Schema{Type: Types{"object"}, Properties: Properties{
		{"path", str("The value's place: body.items[2].name, query.limit, path.id, header.X-Token.")},
		{"rule", str("The rule it breaks, by its JSON Schema keyword: maxLength.")},
		{"message", str("What is wrong, for people.")},
	}, Required: []string{"path", "rule", "message"}, AdditionalProperties: &Schema{False: true}}
	switch body {
	case errorBodyJSON:
		props := slices.Insert(slices.Clone(common), 1, Property{"description", str("What went wrong, for people.")})
		return map[string]*Schema{fieldErrorSchemaName: field, errorSchemaName: {Type: Types{"object"},
			Description: "tonic's JSON error body.", Properties: props,
			Required: []string{"error", "description"}, AdditionalProperties: &Schema{False: true}}}
	case errorBodyProblem:
		props := append(Properties{
			{"type", &Schema{Type: Types{"string"}, Format: "uri-reference", Description: "The problem type."}},
			{"title", str("The status text.")},
			{"status", &Schema{Type: Types{"integer"}, Minimum: "100", Maximum: "599", Description: "The HTTP status."}},
			{"detail", str("What went wrong, for people.")},
		}, common...)
		return map[string]*Schema{fieldErrorSchemaName: field, problemSchemaName: {Type: Types{"object"},
			Description: "An RFC 9457 problem, with tonic's members.", Properties: props,
			Required: []string{"type", "title", "status", "error"}, AdditionalProperties: &Schema{False: true}}}
	}
	return nil
}
