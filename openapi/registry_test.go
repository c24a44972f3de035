package openapi_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/seed78c03fa0/tonic/openapi"
)

// createReq is a request: an ID from the path, a limit from the query, the
// rest from the body.
type createReq struct {
	ID    string   `path:"id" pattern:"^[0-9]+$" doc:"the order" example:"12"`
	Limit *int     `query:"limit" maximum:"50"`
	Sort  []string `query:"sort" enum:"name,size"`
	Name  string   `json:"name" maxLength:"10"`
	Item  Item     `json:"item"`
}

func isParam(sf reflect.StructField) bool {
	for _, tag := range []string{"path", "query", "header"} {
		if _, ok := sf.Tag.Lookup(tag); ok {
			return true
		}
	}
	return false
}

func marshalled(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBodySchema(t *testing.T) {
	t.Parallel()
	r := openapi.NewRegistry()
	s, err := r.BodySchema(reflect.TypeFor[*createReq](), isParam)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"object","properties":{"name":{"type":"string","maxLength":10},"item":{"$ref":"#/components/schemas/Item"}},"required":["name","item"],"additionalProperties":false}`
	if got := marshalled(t, s); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := marshalled(t, r.Components()); got != `{"Item":`+itemJSON+`}` {
		t.Errorf("components: got %s, want Item alone (the request is inline)", got)
	}
	s, err = r.BodySchema(reflect.TypeFor[Item](), isParam)
	if err != nil || s.Ref != "#/components/schemas/Item" {
		t.Errorf("got %+v %v, want the reference when nothing is skipped", s, err)
	}
	if _, err := r.BodySchema(nil, isParam); err == nil {
		t.Errorf("BodySchema(nil): got no error, want one")
	}
}

func TestFieldSchema(t *testing.T) {
	t.Parallel()
	owner := reflect.TypeFor[createReq]()
	tests := []struct {
		field, want string
	}{
		{"ID", `{"description":"the order","type":"string","pattern":"^[0-9]+$","examples":["12"]}`},
		{"Limit", `{"type":"integer","format":"int64","maximum":50}`}, // a parameter is absent or a value, never null
		{"Sort", `{"type":"array","items":{"type":"string","enum":["name","size"]}}`},
	}
	r := openapi.NewRegistry()
	for _, tt := range tests {
		sf, _ := owner.FieldByName(tt.field)
		s, err := r.FieldSchema(owner, sf)
		if err != nil {
			t.Fatal(err)
		}
		if got := marshalled(t, s); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.field, got, tt.want)
		}
	}
}

func TestRefsAreFresh(t *testing.T) {
	t.Parallel()
	r := openapi.NewRegistry(openapi.RegistryOptions{RefPrefix: "#/$defs/"})
	a, _ := r.Schema(reflect.TypeFor[Item]())
	a.Description = "annotated by the caller"
	b, _ := r.Schema(reflect.TypeFor[Item]())
	if b.Ref != "#/$defs/Item" || b.Description != "" || a == b {
		t.Errorf("got %+v, want a fresh reference into #/$defs/", b)
	}
	c, _ := r.Schema(reflect.TypeFor[Money]())
	c.Pattern = "changed"
	d, _ := r.Schema(reflect.TypeFor[Money]())
	if d.Pattern == "changed" {
		t.Errorf("got %q, want each JSONSchema result copied", d.Pattern)
	}
}

func TestNewRegistryPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if got := recover(); got != "openapi: NewRegistry takes at most one RegistryOptions" {
			t.Errorf("got %v, want the openapi: panic", got)
		}
	}()
	openapi.NewRegistry(openapi.RegistryOptions{}, openapi.RegistryOptions{})
}

func TestSchemaJSON(t *testing.T) {
	t.Parallel()
	one := 1
	tests := []struct {
		name   string
		schema *openapi.Schema
		want   string
	}{
		{"empty is true", &openapi.Schema{}, `{}`},
		{"false", &openapi.Schema{False: true, Type: openapi.Types{"string"}}, `false`},
		{"one type is a string", &openapi.Schema{Type: openapi.Types{"string"}}, `{"type":"string"}`},
		{"types are an array", &openapi.Schema{Type: openapi.Types{"string", "null"}}, `{"type":["string","null"]}`},
		{"properties in order, HTML unescaped", &openapi.Schema{Properties: openapi.Properties{
			{Name: "z", Schema: &openapi.Schema{Pattern: "^<a>&$"}}, {Name: "a", Schema: &openapi.Schema{MinLength: &one}},
		}}, `{"properties":{"z":{"pattern":"^<a>&$"},"a":{"minLength":1}}}`},
		{"keys in a fixed order", &openapi.Schema{Examples: []any{1}, AnyOf: []*openapi.Schema{{}}, Required: []string{"a"}, Ref: "#/x", Maximum: "2", Minimum: "1"},
			`{"$ref":"#/x","minimum":1,"maximum":2,"required":["a"],"anyOf":[{}],"examples":[1]}`},
	}
	for _, tt := range tests {
		var b []byte
		var err error
		if tt.name == "properties in order, HTML unescaped" {
			b, err = tt.schema.MarshalJSON()
		} else {
			b, err = json.Marshal(tt.schema)
		}
		if err != nil || string(b) != tt.want {
			t.Errorf("%s: got %s %v, want %s", tt.name, b, err, tt.want)
		}
	}
}
