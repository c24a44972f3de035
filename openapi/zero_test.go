package openapi

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestOptionalZeroAllowed: where marshal takes an optional body field's
// zero value as absent, and the field's tags would refuse that value, the
// schema accepts it too, so that document and server agree; parameters are
// checked whenever given, so their schemas stay as the tags say.
func TestOptionalZeroAllowed(t *testing.T) {
	t.Parallel()
	type body struct {
		Tags  []string `json:"tags,omitempty" minItems:"1"`
		Name  string   `json:"name,omitempty" minLength:"2"`
		Plain string   `json:"plain" minLength:"2"`          // not optional: checked whatever
		Free  string   `json:"free,omitempty" maxLength:"5"` // "" passes: no anyOf
		Ptr   *int     `json:"ptr,omitempty" minimum:"1"`    // checked whenever given
	}
	type params struct {
		Page int `query:"page" minimum:"1"`
		Must int `query:"must" minimum:"1" required:"true"`
	}
	reg := NewRegistry()
	s, err := reg.BodySchema(reflect.TypeFor[*body](), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Ref != "" {
		s = reg.Components()["body"]
	}
	want := map[string]string{
		"tags":  `{"anyOf":[{"type":"array","items":{"type":"string"},"minItems":1},{"enum":[null,[]]}]}`,
		"name":  `{"anyOf":[{"type":"string","minLength":2},{"enum":[""]}]}`,
		"plain": `{"type":"string","minLength":2}`,
		"free":  `{"type":"string","maxLength":5}`,
		"ptr":   `{"type":["integer","null"],"format":"int64","minimum":1}`,
	}
	for name, w := range want {
		var prop *Schema
		for _, p := range s.Properties {
			if p.Name == name {
				prop = p.Schema
			}
		}
		got, _ := json.Marshal(prop)
		if string(got) != w {
			t.Errorf("%s: got %s, want %s", name, got, w)
		}
	}
	for _, tt := range []struct {
		field, want string
	}{
		{"Page", `{"type":"integer","format":"int64","minimum":1}`}, // checked whenever given
		{"Must", `{"type":"integer","format":"int64","minimum":1}`},
	} {
		sf, _ := reflect.TypeFor[params]().FieldByName(tt.field)
		ps, err := reg.FieldSchema(reflect.TypeFor[params](), sf)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(ps); string(got) != tt.want {
			t.Errorf("parameter %s: got %s, want %s", tt.field, got, tt.want)
		}
	}
}
