package openapi

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
	"github.com/seed78c03fa0/tonic/marshal"
)

// operation returns the operation of a route: typed is its typed handler
// (nil for another), desc what is said about it, wild the wildcards of its
// pattern and auth the authentication schemes in front of it.
func (b *builder) operation(route string, wild []wildcard, typed *marshal.Handler, desc Operation, auth []string) (*operation, error) {
	op := &operation{Tags: desc.Tags, Summary: desc.Summary, Description: desc.Description,
		OperationID: desc.ID, idGiven: desc.ID != "", route: route, Responses: map[string]*response{}}
	if typed != nil {
		op.fn = typed.FuncName()
	}
	var err error
	if op.Parameters, err = b.parameters(wild, typed); err != nil {
		return nil, err
	}
	if op.RequestBody, err = b.requestBody(typed); err != nil {
		return nil, err
	}
	if err := b.success(op, typed, desc); err != nil {
		return nil, err
	}
	b.failures(op, typed, desc.Errors, auth)
	if len(auth) > 0 {
		req := map[string][]string{}
		for _, scheme := range auth {
			name := scheme + "Auth"
			req[name] = []string{}
			b.schemes[name] = &securityScheme{Type: "http", Scheme: scheme}
		}
		op.Security = []map[string][]string{req}
	}
	return op, nil
}

// parameters returns the parameters of a route: each wildcard of its
// pattern, with the schema of the request field bound to it if any, then
// the query and header parameters of the typed handler's request struct.
func (b *builder) parameters(wild []wildcard, typed *marshal.Handler) ([]*parameter, error) {
	var ps []*parameter
	for _, w := range wild {
		p := &parameter{Name: w.name, In: "path", Required: true, Schema: &Schema{Type: Types{"string"}}}
		if w.catchAll {
			p.Description = "The rest of the path, which may hold slashes."
		}
		ps = append(ps, p)
	}
	owner := requestStruct(typed)
	if owner == nil {
		return ps, nil
	}
	for _, bp := range typed.Parameters() {
		sf := owner.FieldByIndex(bp.Index)
		sf.Index = bp.Index
		s, err := b.reg.FieldSchema(owner, sf)
		if err != nil {
			return nil, err
		}
		p := &parameter{Name: bp.Name, In: bp.In, Required: bp.Required, Schema: s}
		p.Description, s.Description = s.Description, ""
		if bp.In != "path" {
			ps = append(ps, p)
			continue
		}
		i := slices.IndexFunc(wild, func(w wildcard) bool { return w.name == bp.Name })
		if i < 0 {
			return nil, fmt.Errorf("field %s of %s is bound to the path's {%s}, which the pattern does not have", bp.Field, owner, bp.Name)
		}
		if p.Description == "" {
			p.Description = ps[i].Description
		}
		ps[i] = p
	}
	return ps, nil
}

// requestStruct returns the struct type of a typed handler's request, or
// nil when it has none or it is a map or a slice.
func requestStruct(typed *marshal.Handler) reflect.Type {
	if typed == nil || typed.RequestType() == nil {
		return nil
	}
	if t := typed.RequestType(); t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		return t.Elem()
	}
	return nil
}

// requestBody returns the request body of a typed handler, or nil when it
// reads none: no request value, or a struct of parameters only. marshal
// reads an empty body as the zero value, so the body is not required.
func (b *builder) requestBody(typed *marshal.Handler) (*requestBody, error) {
	if typed == nil || typed.RequestType() == nil {
		return nil, nil
	}
	var s *Schema
	var err error
	if owner := requestStruct(typed); owner != nil {
		if len(jsonfield.Fields(owner, marshal.IsParameter)) == 0 {
			return nil, nil
		}
		s, err = b.reg.BodySchema(owner, marshal.IsParameter)
	} else {
		s, err = b.reg.Schema(typed.RequestType())
	}
	if err != nil {
		return nil, err
	}
	return &requestBody{Description: fmt.Sprintf("JSON, at most %s; an empty body is read as the zero value.",
		byteSize(typed.Options().MaxBodyBytes)), Content: map[string]*mediaType{"application/json": {Schema: s}}}, nil
}

// success sets the response of success: the declared status (200 by
// default) with the body's schema, or for a handler that is not typed and
// says nothing of it, a default response of unknown content.
func (b *builder) success(op *operation, typed *marshal.Handler, desc Operation) error {
	status, body := desc.Status, desc.Response
	if typed != nil {
		body = typed.ResponseType()
	}
	if typed == nil && status == 0 && body == nil {
		op.Responses["default"] = &response{Description: "Not documented: the handler is not a typed one."}
		return nil
	}
	if status == 0 {
		status = http.StatusOK
	}
	r := &response{Description: http.StatusText(status)}
	op.Responses[fmt.Sprint(status)] = r
	switch {
	case body == nil || status == http.StatusNoContent || status == http.StatusNotModified:
	case typed != nil && typed.Streams():
		r.Description += ": a stream, of the media type the handler sets."
		r.Content = map[string]*mediaType{"*/*": {Schema: &Schema{}}}
	default:
		for body.Kind() == reflect.Pointer {
			body = body.Elem()
		}
		s, err := b.reg.Schema(body)
		if err != nil {
			return err
		}
		r.Content = map[string]*mediaType{"application/json": {Schema: s}}
	}
	return nil
}

// byteSize writes n bytes for people: "16 KiB", "1 MiB", "1000 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
