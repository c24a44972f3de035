package openapi_test

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/openapi"
)

// schemaOf returns the JSON of the schema of t from a fresh Registry, and
// of the components it made.
func schemaOf(t *testing.T, typ reflect.Type) (schema, components string) {
	t.Helper()
	r := openapi.NewRegistry()
	s, err := r.Schema(typ)
	if err != nil {
		t.Fatalf("Schema(%v): %v", typ, err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(r.Components()) // a map: keys sorted
	if err != nil {
		t.Fatal(err)
	}
	return string(b), string(c)
}

const itemJSON = `{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}`

func TestSchemaRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		typ        reflect.Type
		want       string
		components string // "" means none
	}{
		// Basic types.
		{"bool is boolean", reflect.TypeFor[bool](), `{"type":"boolean"}`, ""},
		{"string is string", reflect.TypeFor[string](), `{"type":"string"}`, ""},
		{"float32 is a float number", reflect.TypeFor[float32](), `{"type":"number","format":"float"}`, ""},
		{"float64 is a double number", reflect.TypeFor[float64](), `{"type":"number","format":"double"}`, ""},
		{"int is int64", reflect.TypeFor[int](), `{"type":"integer","format":"int64"}`, ""},
		{"int32 by format", reflect.TypeFor[int32](), `{"type":"integer","format":"int32"}`, ""},
		{"int8 by range", reflect.TypeFor[int8](), `{"type":"integer","minimum":-128,"maximum":127}`, ""},
		{"int16 by range", reflect.TypeFor[int16](), `{"type":"integer","minimum":-32768,"maximum":32767}`, ""},
		{"uint8 by range", reflect.TypeFor[uint8](), `{"type":"integer","minimum":0,"maximum":255}`, ""},
		{"uint32 by range", reflect.TypeFor[uint32](), `{"type":"integer","minimum":0,"maximum":4294967295}`, ""},
		{"uint64 non-negative", reflect.TypeFor[uint64](), `{"type":"integer","minimum":0}`, ""},
		{"time.Duration is its nanoseconds", reflect.TypeFor[time.Duration](), `{"type":"integer","format":"int64"}`, ""},
		{"interface is anything", reflect.TypeFor[any](), `{}`, ""},
		{"error interface is anything", reflect.TypeFor[error](), `{}`, ""},
		// Containers.
		{"[]byte is base64", reflect.TypeFor[[]byte](), `{"type":"string","contentEncoding":"base64"}`, ""},
		{"[N]byte is an array of numbers", reflect.TypeFor[[2]byte](), `{"type":"array","items":{"type":"integer","minimum":0,"maximum":255},"minItems":2,"maxItems":2}`, ""},
		{"slice", reflect.TypeFor[[]string](), `{"type":"array","items":{"type":"string"}}`, ""},
		{"slice of structs refers", reflect.TypeFor[[]Item](), `{"type":"array","items":{"$ref":"#/components/schemas/Item"}}`, `{"Item":` + itemJSON + `}`},
		{"map is an object", reflect.TypeFor[map[string]bool](), `{"type":"object","additionalProperties":{"type":"boolean"}}`, ""},
		{"map with int keys", reflect.TypeFor[map[int]bool](), `{"type":"object","additionalProperties":{"type":"boolean"},"propertyNames":{"pattern":"^-?[0-9]+$"}}`, ""},
		{"map with uint keys", reflect.TypeFor[map[uint16]bool](), `{"type":"object","additionalProperties":{"type":"boolean"},"propertyNames":{"pattern":"^[0-9]+$"}}`, ""},
		{"map with text keys", reflect.TypeFor[map[netip.Addr]bool](), `{"type":"object","additionalProperties":{"type":"boolean"}}`, ""},
		// Types with their own encoding.
		{"time.Time is a date-time", reflect.TypeFor[time.Time](), `{"type":"string","format":"date-time"}`, ""},
		{"json.Number is a number", reflect.TypeFor[json.Number](), `{"type":"number"}`, ""},
		{"json.RawMessage is anything", reflect.TypeFor[json.RawMessage](), `{}`, ""},
		{"MarshalJSON is anything", reflect.TypeFor[Raw](), `{}`, ""},
		{"MarshalText is a string", reflect.TypeFor[netip.Addr](), `{"type":"string"}`, ""},
		{"MarshalText with Enum", reflect.TypeFor[Colour](), `{"type":"string","enum":["red","green"]}`, ""},
		{"string type with Enum", reflect.TypeFor[Level](), `{"type":"string","enum":["low","high"]}`, ""},
		{"JSONSchema method beats the rest", reflect.TypeFor[Money](), `{"description":"an amount","type":"string","pattern":"^[0-9]+\\.[0-9]{2}$"}`, ""},
		// Pointers.
		{"pointer is nullable", reflect.TypeFor[*string](), `{"type":["string","null"]}`, ""},
		{"pointer to an enum allows null", reflect.TypeFor[*Level](), `{"type":["string","null"],"enum":["low","high",null]}`, ""},
		{"pointer to a struct", reflect.TypeFor[*Item](), `{"anyOf":[{"$ref":"#/components/schemas/Item"},{"type":"null"}]}`, `{"Item":` + itemJSON + `}`},
		{"pointer to a custom schema", reflect.TypeFor[*Money](), `{"description":"an amount","type":["string","null"],"pattern":"^[0-9]+\\.[0-9]{2}$"}`, ""},
		{"pointer to anything", reflect.TypeFor[*any](), `{}`, ""},
		{"pointer to pointer", reflect.TypeFor[**int8](), `{"type":["integer","null"],"minimum":-128,"maximum":127}`, ""},
		// Structs.
		{"named struct is a component", reflect.TypeFor[Item](), `{"$ref":"#/components/schemas/Item"}`, `{"Item":` + itemJSON + `}`},
		{"anonymous struct is inline", reflect.TypeFor[struct {
			A int8 `json:"a,omitempty"`
		}](), `{"type":"object","properties":{"a":{"type":"integer","minimum":-128,"maximum":127}},"additionalProperties":false}`, ""},
		{"embedded structs flatten as encoding/json does", reflect.TypeFor[embedded](), `{"$ref":"#/components/schemas/embedded"}`,
			`{"embedded":{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"note":{"type":"string"},"kind":{"type":"string"}},"required":["id","kind"],"additionalProperties":false}}`},
		{"required unless omitted", reflect.TypeFor[optional](), `{"$ref":"#/components/schemas/optional"}`,
			`{"Item":` + itemJSON + `,"optional":{"type":"object","properties":{"plain":{"type":"string"},"empty":{"type":"string"},"zero":{"type":"integer","format":"int64"},"nested":{"$ref":"#/components/schemas/Item"},"when":{"type":"string","format":"date-time"}},"required":["plain","nested"],"additionalProperties":false}}`},
		{",string makes strings", reflect.TypeFor[quoted](), `{"$ref":"#/components/schemas/quoted"}`,
			`{"quoted":{"type":"object","properties":{"n":{"type":"string","pattern":"^-?[0-9]+$"},"u":{"type":["string","null"],"pattern":"^[0-9]+$"},"b":{"type":"string","enum":["true","false"]},"f":{"type":"string"}},"required":["n","u","b","f"],"additionalProperties":false}}`},
		{"recursive struct", reflect.TypeFor[Node](), `{"$ref":"#/components/schemas/Node"}`,
			`{"Node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/components/schemas/Node"}},"parent":{"anyOf":[{"$ref":"#/components/schemas/Node"},{"type":"null"}]}},"required":["name"],"additionalProperties":false}}`},
		{"recursive slice type", reflect.TypeFor[Tree](), `{"$ref":"#/components/schemas/Tree"}`, `{"Tree":{"type":"array","items":{"$ref":"#/components/schemas/Tree"}}}`},
		{"named slice type is inline", reflect.TypeFor[Tags](), `{"type":"array","items":{"type":"string"}}`, ""},
		// Names.
		{"generic name", reflect.TypeFor[Page[Item]](), `{"$ref":"#/components/schemas/PageItem"}`,
			`{"Item":` + itemJSON + `,"PageItem":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}},"required":["items"],"additionalProperties":false}}`},
		{"generic name with a slice argument", reflect.TypeFor[Pair[string, []Item]](), `{"$ref":"#/components/schemas/PairStringListItem"}`,
			`{"Item":` + itemJSON + `,"PairStringListItem":{"type":"object","properties":{"k":{"type":"string"},"v":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}},"required":["k","v"],"additionalProperties":false}}`},
		{"names from two packages", reflect.TypeFor[withLocations](), `{"$ref":"#/components/schemas/withLocations"}`,
			`{"Location":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false},"TimeLocation":{"type":"object","additionalProperties":false},` +
				`"withLocations":{"type":"object","properties":{"mine":{"$ref":"#/components/schemas/Location"},"theirs":{"anyOf":[{"$ref":"#/components/schemas/TimeLocation"},{"type":"null"}]}},"required":["mine","theirs"],"additionalProperties":false}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, comps := schemaOf(t, tt.typ)
			if tt.components == "" {
				tt.components = "{}"
			}
			if got != tt.want || comps != tt.components {
				t.Errorf("got  %s\n     %s\nwant %s\n     %s", got, comps, tt.want, tt.components)
			}
		})
	}
}

func TestSchemaTags(t *testing.T) {
	t.Parallel()
	r := openapi.NewRegistry()
	if _, err := r.Schema(reflect.TypeFor[tagged]()); err != nil {
		t.Fatal(err)
	}
	s := r.Components()["tagged"]
	tests := []struct {
		property, want string
	}{
		{"name", `{"description":"the name","type":"string","minLength":1,"maxLength":100,"pattern":"^[a-z]+$","examples":["ann"]}`},
		{"age", `{"type":"integer","minimum":0,"maximum":150,"examples":[42]}`},
		{"score", `{"type":"number","format":"double","exclusiveMinimum":0,"exclusiveMaximum":1}`},
		{"email", `{"type":["string","null"],"format":"email"}`},
		{"size", `{"type":"string","enum":["s","m","l"]}`},
		{"maybe", `{"type":["string","null"],"enum":["a","b",null]}`},
		{"tags", `{"type":"array","items":{"type":"string","maxLength":10},"minItems":1,"maxItems":5}`},
		{"grid", `{"type":"array","items":{"type":"array","items":{"type":"integer","format":"int64","maximum":9}}}`},
		{"counts", `{"type":"object","additionalProperties":{"type":"integer","format":"int64","minimum":0}}`},
		{"level", `{"type":"string","enum":["low","high"]}`},
		{"levels", `{"type":"array","items":{"type":["string","null"],"enum":["low","high",null]}}`},
		{"point", `{"type":"array","items":{"type":"integer","format":"int64"},"examples":[[1,2]]}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(s.Property(tt.property))
		if err != nil || string(b) != tt.want {
			t.Errorf("%s: got %s %v,\nwant %s", tt.property, b, err, tt.want)
		}
	}
}
