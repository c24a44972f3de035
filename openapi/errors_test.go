package openapi_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/openapi"
)

// Types the generator refuses, one reason each.
type (
	hasChan struct {
		C chan int `json:"c"`
	}
	hasFunc      struct{ F func() }
	hasComplex   struct{ Z complex128 }
	hasBadKey    struct{ M map[Item]int }
	outerBad     struct{ In innerBad }
	innerBad     struct{ C chan int }
	nilSchema    struct{}
	hasNilSchema struct{ N nilSchema }
	badTag       struct {
		N int `maxLength:"3"`
	}
	badExampleJSON struct {
		N int `example:"abc"`
	}
	badExampleRange struct {
		N uint8 `example:"300"`
	}
	badExampleRule struct {
		S string `maxLength:"2" example:"abc"`
	}
	badEnumType string
	hasBadEnum  struct{ E badEnumType }
)

func (nilSchema) JSONSchema() *openapi.Schema { return nil }
func (badEnumType) Enum() []any               { return []any{1} }

func TestSchemaErrors(t *testing.T) {
	t.Parallel()
	const p = "openapi_test."
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"channel", reflect.TypeFor[hasChan](), "openapi: " + p + "hasChan field C: chan int has no JSON encoding"},
		{"function", reflect.TypeFor[hasFunc](), "openapi: " + p + "hasFunc field F: func() has no JSON encoding"},
		{"complex", reflect.TypeFor[hasComplex](), "openapi: " + p + "hasComplex field Z: complex128 has no JSON encoding"},
		{"struct map key", reflect.TypeFor[hasBadKey](), "openapi: " + p + "hasBadKey field M: map[" + p + "Item]int has no JSON encoding: its keys are neither strings, integers nor encoding.TextMarshalers"},
		{"nested, with the path", reflect.TypeFor[outerBad](), "openapi: " + p + "outerBad field In: " + p + "innerBad field C: chan int has no JSON encoding"},
		{"JSONSchema returns nil", reflect.TypeFor[hasNilSchema](), "openapi: " + p + "hasNilSchema field N: " + p + "nilSchema.JSONSchema returned nil, want a schema"},
		{"bad validation tag", reflect.TypeFor[badTag](), "openapi: validate: " + p + `badTag field N: tag maxLength:"3": applies to strings, and this is an integer field (int)`},
		{"example not JSON", reflect.TypeFor[badExampleJSON](), "openapi: " + p + `badExampleJSON field N: tag example:"abc": want JSON`},
		{"example out of range", reflect.TypeFor[badExampleRange](), "openapi: " + p + `badExampleRange field N: tag example:"300": does not decode: cannot unmarshal number 300 into Go struct field .v of type uint8`},
		{"example breaks the rules", reflect.TypeFor[badExampleRule](), "openapi: " + p + `badExampleRule field S: tag example:"abc": fails the field's own rules: must be at most 2 characters`},
		{"bad Enum method", reflect.TypeFor[hasBadEnum](), "openapi: " + p + "hasBadEnum field E: validate: " + p + "badEnumType.Enum: value 0 is int, want a " + p + "badEnumType"},
		{"nil type", nil, "openapi: Schema(nil): want a type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := openapi.NewRegistry()
			s, err := r.Schema(tt.typ)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v,\nwant %s", err, tt.want)
			}
			if s != nil || len(r.Components()) != 0 {
				t.Errorf("got %v and components %v after an error, want neither", s, r.Components())
			}
		})
	}
}

func TestFailedCallLeavesRegistryAsItWas(t *testing.T) {
	t.Parallel()
	r := openapi.NewRegistry()
	if _, err := r.Schema(reflect.TypeFor[Item]()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Schema(reflect.TypeFor[outerBad]()); err == nil {
		t.Fatal("got no error, want one")
	}
	before, _ := json.Marshal(r.Components())
	if string(before) != `{"Item":`+itemJSON+`}` {
		t.Errorf("got %s, want only Item", before)
	}
	// The names the failed call took are free again.
	type outerBad struct{ A int }
	s, err := r.Schema(reflect.TypeFor[outerBad]())
	if err != nil || !strings.HasSuffix(s.Ref, "/outerBad") {
		t.Errorf("got %+v %v, want the name outerBad", s, err)
	}
}
