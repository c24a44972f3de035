package openapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Request and response types of the routes under test.
type (
	Thing struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	getThing struct {
		Org   string   `path:"org" doc:"the organisation"`
		ID    int      `path:"id" minimum:"1"`
		Limit *int     `query:"limit" maximum:"10"`
		Tags  []string `query:"tag"`
		Token string   `header:"X-Token" required:"true"`
	}
	putThing struct {
		ID   int    `path:"id"`
		Name string `json:"name" maxLength:"5"`
	}
	badPath struct {
		ID string `path:"nope"`
	}
)

func getThingFn(context.Context, *getThing) (*Thing, error)                    { return &Thing{}, nil }
func putThingFn(context.Context, *putThing) (*marshal.Response[*Thing], error) { return nil, nil }
func listFn(context.Context, map[string]int) ([]Thing, error)                  { return nil, nil }
func streamFn(context.Context) (io.Reader, error)                              { return strings.NewReader(""), nil }
func badPathFn(context.Context, *badPath) (*Thing, error)                      { return nil, nil }

// build returns the document of mux as a generic JSON value.
func build(t *testing.T, mux *tonic.TrieServeMux, opts ...openapi.Options) map[string]any {
	t.Helper()
	doc, err := openapi.New(mux, openapi.Info{Title: "test", Version: "1"}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(doc.JSON(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// at returns the value at the path of keys in v, or nil.
func at(v any, keys ...string) any {
	for _, k := range keys {
		switch c := v.(type) {
		case map[string]any:
			v = c[k]
		case []any:
			i := 0
			for _, d := range k {
				i = i*10 + int(d-'0')
			}
			if i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}

// jsonOf writes v as compact JSON, for comparisons.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// keys returns the sorted keys of the object v.
func keys(v any) string {
	m, _ := v.(map[string]any)
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return jsonOf(ks)
}

var errGone = tonic.NewError(http.StatusGone, "gone for good")

// notFound is an error of another kind that carries its status and name.
type notFound struct{}

func (notFound) Error() string   { return "no such thing" }
func (notFound) StatusCode() int { return http.StatusNotFound }
func (notFound) Name() string    { return "thing_not_found" }

func TestOperations(t *testing.T) {
	t.Parallel()
	plain := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	auth := middleware.BasicAuth("test", map[string]string{"u": "p"})
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/orgs/{org}/things/{id}", marshal.Typed(getThingFn, marshal.Options{Summary: "Get a thing", Tags: []string{"things"},
		Errors: []error{notFound{}, errGone}}))
	mux.Handle("PUT", "/things/{id}", auth(middleware.RequestID()(marshal.Typed(putThingFn, marshal.Options{Status: 201, MaxBodyBytes: 2048}))))
	mux.Handle("POST", "/list", marshal.Typed(listFn))
	mux.Handle("DELETE", "/things/{id}", middleware.Chain(middleware.CrossOrigin(), auth)(plain))
	mux.Handle("GET", "/stream", marshal.Marshaled(streamFn))
	mux.Handle("GET", "/plain/{x}", plain)
	mux.Handle("GET", "/described", openapi.Describe(plain, openapi.Operation{ID: "described", Status: 202,
		Response: reflect.TypeFor[Thing](), Errors: []error{errGone}}))
	mux.Handle("DELETE", "/gone", openapi.Describe(marshal.Marshaled(streamFn, marshal.Options{Summary: "inner"}),
		openapi.Operation{Summary: "outer", Status: 204, Tags: []string{"t"}}))
	mux.Handle("GET", "/hidden", marshal.Marshaled(streamFn, marshal.Options{Hidden: true}))
	mux.Handle("GET", "/hidden2", openapi.Describe(plain, openapi.Operation{Hidden: true}))
	doc := build(t, mux)
	get := at(doc, "paths", "/orgs/{org}/things/{id}", "get")
	put := at(doc, "paths", "/things/{id}", "put")
	tests := []part{
		{"operation ID from the function", at(get, "operationId"), `getThingFn`},
		{"summary and tags", jsonOf([]any{at(get, "summary"), at(get, "tags")}), `["Get a thing",["things"]]`},
		{"path parameters in order, with doc", jsonOf(at(get, "parameters", "0")), `{"description":"the organisation","in":"path","name":"org","required":true,"schema":{"type":"string"}}`},
		{"path parameter with its tags", jsonOf(at(get, "parameters", "1", "schema")), `{"format":"int64","minimum":1,"type":"integer"}`},
		{"optional query, a pointer, not nullable", jsonOf(at(get, "parameters", "2")), `{"in":"query","name":"limit","schema":{"format":"int64","maximum":10,"type":"integer"}}`},
		{"repeated query", jsonOf(at(get, "parameters", "3", "schema")), `{"items":{"type":"string"},"type":"array"}`},
		{"required header", jsonOf(at(get, "parameters", "4")), `{"in":"header","name":"X-Token","required":true,"schema":{"type":"string"}}`},
		{"no body for parameters only", at(get, "requestBody"), `<nil>`},
		{"statuses of a read", keys(at(get, "responses")), `["200","400","404","406","410","422","500"]`},
		{"declared error named", at(get, "responses", "404", "description"), "Not Found.\n\n- `thing_not_found`: no such thing"},
		{"success body", jsonOf(at(get, "responses", "200", "content")), `{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}`},
		{"error body", jsonOf(at(get, "responses", "410", "content", "application/json")), `{"schema":{"$ref":"#/components/schemas/tonic.Error"}}`},
		{"body without the parameters", jsonOf(at(put, "requestBody", "content", "application/json", "schema", "required")), `["name"]`},
		{"body limit", at(put, "requestBody", "description"), "JSON, at most 2 KiB; an empty body is read as the zero value."},
		{"declared status, behind middleware", keys(at(put, "responses")), `["201","400","401","406","413","415","422","500"]`},
		{"basic security", jsonOf(at(put, "security")), `[{"basicAuth":[]}]`},
		{"security scheme", jsonOf(at(doc, "components", "securitySchemes")), `{"basicAuth":{"scheme":"basic","type":"http"}}`},
		{"401 challenge", keys(at(put, "responses", "401", "headers")), `["WWW-Authenticate"]`},
		{"a guard's own error, through a chain", keys(at(doc, "paths", "/things/{id}", "delete", "responses")), `["401","403","default"]`},
		{"a guard's error named", at(doc, "paths", "/things/{id}", "delete", "responses", "403", "description"),
			"Forbidden.\n\n- `cross_origin_request`: A page of another site tried to write through a browser (the cross-site request forgery guard)."},
		{"map body, slice response", jsonOf([]any{at(doc, "paths", "/list", "post", "requestBody", "content", "application/json", "schema", "additionalProperties", "type"),
			at(doc, "paths", "/list", "post", "responses", "200", "content", "application/json", "schema", "type")}), `["integer","array"]`},
		{"no request value: no 400", keys(at(doc, "paths", "/stream", "get", "responses")), `["200","406","500"]`},
		{"stream", keys(at(doc, "paths", "/stream", "get", "responses", "200", "content")), `["*/*"]`},
		{"plain handler", jsonOf(at(doc, "paths", "/plain/{x}", "get")), `{"operationId":"getPlainX","parameters":[{"in":"path","name":"x","required":true,"schema":{"type":"string"}}],"responses":{"default":{"description":"Not documented: the handler is not a typed one."}}}`},
		{"described plain handler", jsonOf([]any{at(doc, "paths", "/described", "get", "operationId"), keys(at(doc, "paths", "/described", "get", "responses")),
			at(doc, "paths", "/described", "get", "responses", "202", "content", "application/json", "schema", "$ref")}), `["described","[\"202\",\"410\"]","#/components/schemas/Thing"]`},
		{"Describe wins over the options", jsonOf([]any{at(doc, "paths", "/gone", "delete", "summary"), at(doc, "paths", "/gone", "delete", "tags"),
			at(doc, "paths", "/gone", "delete", "responses", "204")}), `["outer",["t"],{"description":"No Content"}]`},
		{"hidden", jsonOf([]any{at(doc, "paths", "/hidden"), at(doc, "paths", "/hidden2")}), `[null,null]`},
	}
	checkParts(t, tests)
}

func TestNamespaces(t *testing.T) {
	t.Parallel()
	inner := tonic.NewTrieServeMux()
	inner.Handle("GET", "/things/{id}", marshal.Typed(getThingFn))
	inner.Handle("GET", "/", http.NotFoundHandler())
	foreign := http.NotFoundHandler()
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/orgs/{org}", middleware.BasicAuth("r", map[string]string{"u": "p"})(
		openapi.Describe(inner, openapi.Operation{Tags: []string{"orgs"}})))
	mux.HandleNamespace("/files/", openapi.Describe(foreign, openapi.Operation{ID: "files", Methods: []string{"get", "head"}}))
	mux.HandleNamespace("/any/", foreign)
	doc := build(t, mux)
	tests := []part{
		{"inner routes under the prefix", keys(at(doc, "paths")), `["/any/{path}","/files/{path}","/orgs/{org}/","/orgs/{org}/things/{id}"]`},
		{"namespace's description and security apply", jsonOf([]any{at(doc, "paths", "/orgs/{org}/things/{id}", "get", "tags"),
			at(doc, "paths", "/orgs/{org}/things/{id}", "get", "security")}), `[["orgs"],[{"basicAuth":[]}]]`},
		{"foreign handler: chosen methods", keys(at(doc, "paths", "/files/{path}")), `["get","head"]`},
		{"IDs per method", jsonOf([]any{at(doc, "paths", "/files/{path}", "get", "operationId"), at(doc, "paths", "/files/{path}", "head", "operationId")}), `["filesGet","filesHead"]`},
		{"catch-all parameter", at(doc, "paths", "/files/{path}", "get", "parameters", "0", "description"), "The rest of the path, which may hold slashes."},
		{"every method by default", keys(at(doc, "paths", "/any/{path}")), `["delete","get","head","options","patch","post","put","trace"]`},
	}
	checkParts(t, tests)
}

func TestOperationIDs(t *testing.T) {
	t.Parallel()
	s := &server{}
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/a", marshal.Typed(s.get))
	mux.Handle("GET", "/b", marshal.Typed(s.get))
	mux.Handle("GET", "/c", marshal.Typed(func(context.Context, *Thing) (*Thing, error) { return nil, nil }))
	mux.Handle("GET", "/d", marshal.Typed(getThingFn2, marshal.Options{OperationID: "get"})) // taken first by choice
	doc := build(t, mux)
	var got []string
	for _, p := range []string{"/a", "/b", "/c", "/d"} {
		got = append(got, at(doc, "paths", p, "get", "operationId").(string))
	}
	if want := `["get2","get3","getC","get"]`; jsonOf(got) != want {
		t.Errorf("got %s, want %s", jsonOf(got), want)
	}
}

type server struct{}

func (*server) get(context.Context, *Thing) (*Thing, error) { return nil, nil }

func getThingFn2(context.Context, *Thing) (*Thing, error) { return nil, nil }

func TestNewErrors(t *testing.T) {
	t.Parallel()
	typed := marshal.Typed(getThingFn2)
	tests := []struct {
		name  string
		setup func(*tonic.TrieServeMux)
		info  openapi.Info
		want  string
	}{
		{"no version", func(*tonic.TrieServeMux) {}, openapi.Info{Title: "x"}, `Info has Title "x" and Version "", want both`},
		{"field bound to a missing wildcard", func(m *tonic.TrieServeMux) { m.Handle("GET", "/x/{id}", marshal.Typed(badPathFn)) },
			openapi.Info{}, "GET /x/{id}: field ID of openapi_test.badPath is bound to the path's {nope}, which the pattern does not have"},
		{"same ID chosen twice", func(m *tonic.TrieServeMux) {
			m.Handle("GET", "/a", marshal.Typed(getThingFn2, marshal.Options{OperationID: "x"}))
			m.Handle("GET", "/b", openapi.Describe(typed, openapi.Operation{ID: "x"}))
		}, openapi.Info{}, `GET /a and GET /b have the same operation ID "x"`},
		{"wildcards named apart", func(m *tonic.TrieServeMux) {
			m.Handle("GET", "/a/{x}", typed)
			m.Handle("PUT", "/a/{y}", typed)
		}, openapi.Info{}, "PUT /a/{y} and the routes at /a/{x} differ only in the names of their wildcards"},
		{"unnamed method", func(m *tonic.TrieServeMux) { m.Handle("PURGE", "/a", typed) }, openapi.Info{}, "OpenAPI 3.1 has no place for method PURGE"},
		{"a type without a schema", func(m *tonic.TrieServeMux) {
			m.Handle("GET", "/a", marshal.Typed(func(context.Context, *struct{ C chan int }) (*Thing, error) { return nil, nil }))
		}, openapi.Info{}, "GET /a:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := tonic.NewTrieServeMux()
			tt.setup(mux)
			info := tt.info
			if info == (openapi.Info{}) {
				info = openapi.Info{Title: "t", Version: "1"}
			}
			_, err := openapi.New(mux, info)
			if err == nil || !strings.HasPrefix(err.Error(), "openapi: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an openapi error containing %q", err, tt.want)
			}
		})
	}
}

func TestDescribePanics(t *testing.T) {
	t.Parallel()
	plain := http.NotFoundHandler()
	tests := []struct {
		name string
		h    http.Handler
		op   openapi.Operation
		want string
	}{
		{"nil handler", nil, openapi.Operation{}, "openapi: Describe(nil, ...): want a handler"},
		{"status", plain, openapi.Operation{Status: 404}, "openapi: Describe: Operation.Status is 404, want 200-399 (or 0)"},
		{"empty tag", plain, openapi.Operation{Tags: []string{""}}, "openapi: Describe: Operation.Tags[0] is empty, want a name"},
		{"error without status", plain, openapi.Operation{Errors: []error{errors.New("x")}}, "openapi: Describe: Operation.Errors[0] (x) carries no status"},
		{"method", plain, openapi.Operation{Methods: []string{"PURGE"}}, `openapi: Describe: Operation.Methods[0] is "PURGE"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got, _ := recover().(string); !strings.HasPrefix(got, tt.want) {
					t.Errorf("got panic %q, want %q", got, tt.want)
				}
			}()
			openapi.Describe(tt.h, tt.op)
		})
	}
}

// TestAnyMethodRoute: a route for any method is an operation for each
// method OpenAPI names that has no route of its own at its pattern.
func TestAnyMethodRoute(t *testing.T) {
	t.Parallel()
	plain := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	mux := tonic.NewTrieServeMux()
	mux.Handle("PUT", "/any/{id}", marshal.Typed(putThingFn))
	mux.Handle(tonic.AnyMethod, "/any/{id}", openapi.Describe(plain, openapi.Operation{ID: "anything"}))
	mux.Handle(tonic.AnyMethod, "/some", openapi.Describe(plain, openapi.Operation{Methods: []string{"put", "DELETE"}}))
	mux.Handle(tonic.AnyMethod, "/hidden", openapi.Describe(plain, openapi.Operation{Hidden: true}))
	doc := build(t, mux)
	tests := []part{
		{"every method at the pattern", keys(at(doc, "paths", "/any/{id}")), `["delete","get","head","options","patch","post","put","trace"]`},
		{"the method's own route kept", at(doc, "paths", "/any/{id}", "put", "operationId"), "putThingFn"},
		{"IDs suffixed with the method", jsonOf([]any{at(doc, "paths", "/any/{id}", "get", "operationId"), at(doc, "paths", "/any/{id}", "trace", "operationId")}), `["anythingGet","anythingTrace"]`},
		{"the path parameter", at(doc, "paths", "/any/{id}", "post", "parameters", "0", "name"), "id"},
		{"the methods Describe lists", keys(at(doc, "paths", "/some")), `["delete","put"]`},
		{"hidden", at(doc, "paths", "/hidden"), "<nil>"},
	}
	checkParts(t, tests)
}

// part is a row of a table that checks parts of a document: got, a part
// (or a string made of parts), read as JSON unless a string, "<nil>" when
// absent.
type part struct {
	name string
	got  any
	want string
}

// checkParts runs the rows of such a table.
func checkParts(t *testing.T, tests []part) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.got.(string)
			if !ok {
				got = jsonOf(tt.got)
				if tt.got == nil {
					got = "<nil>"
				}
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
