package marshal

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Types whose JSON field sets exercise encoding/json's documented rules.
type (
	Inner struct {
		A string
		B string `json:"b"`
	}
	Other struct {
		A string
		C string
	}
	inner  struct{ D string }
	Twice  struct{ E string }
	Nest1  struct{ Twice }
	Nest2  struct{ Twice }
	Tagged struct {
		X string `json:"x"`
	}
	Untagged   struct{ X string }
	fieldsCase struct {
		Inner            // promoted A, b
		Other            // A collides with Inner.A: dropped; C promoted
		inner            // unexported embedded struct: D promoted
		Nest1            // Twice.E reached twice at one depth: dropped
		Nest2            //
		Tagged           // x tagged wins over Untagged.X
		Untagged         //
		Named    Inner   `json:"named"`
		Skipped  string  `json:"-"`
		Dash     string  `json:"-,"`   //lint:ignore SA5008 encoding/json's "-," names a field "-", tested on purpose
		Bad      string  `json:"a\"b"` //lint:ignore SA5008 a malformed name falls back to the field name, tested on purpose
		Renamed  string  `json:"renamed,omitempty"`
		Ptr      *Inner  `json:"ptr"`
		private  string  //lint:ignore U1000 unexported fields are ignored, tested on purpose
		Iface    any     `json:"iface"`
		Any      []any   `json:"anys"`
		Opaque   stampIn `json:"opaque"`
		Shadowed string  `json:"C"` // a shallower C hides Other.C
	}
	stampIn struct{ v string }
)

func (s *stampIn) UnmarshalJSON(b []byte) error { s.v = string(b); return nil }

func TestJSONFieldsAgreeWithEncodingJSON(t *testing.T) {
	t.Parallel()
	sh := bodyShape(reflect.TypeFor[fieldsCase](), nil)
	keys := []string{"A", "b", "B", "C", "D", "E", "x", "X", "named", "Skipped", "-", "Dash", `a"b`, "Bad", "renamed",
		"Renamed", "ptr", "private", "iface", "anys", "opaque", "Inner", "Other", "inner", "Nest1", "Tagged", "Untagged", "Shadowed"}
	for _, key := range keys {
		t.Run(key, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{key: nil})
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			var v fieldsCase
			stdKnown := dec.Decode(&v) == nil
			_, ours := sh.fields[key]
			if ours && !stdKnown {
				t.Errorf("got known, want unknown as encoding/json decides")
			}
			if !ours && stdKnown && !strings.Contains(unknownField(sh, key), "did you mean") {
				t.Errorf("got unknown, want known as encoding/json decides (or a case variant of a known name)")
			}
		})
	}
}

func TestCheckKeys(t *testing.T) {
	t.Parallel()
	sh := bodyShape(reflect.TypeFor[fieldsCase](), nil)
	tests := []struct {
		name, body, want string
	}{
		{name: "known keys", body: `{"D":"1","b":"2","named":{"A":"x"},"ptr":{"b":"y"}}`},
		{name: "ambiguous name", body: `{"A":"1"}`, want: "body.A: unknown field"},
		{name: "unknown nested", body: `{"named":{"Z":1}}`, want: "body.named.Z: unknown field"},
		{name: "case hint", body: `{"NAMED":{}}`, want: `body.NAMED: unknown field (did you mean "named"?)`},
		{name: "duplicate nested", body: `{"ptr":{"b":"1","b":"2"}}`, want: "body.ptr.b: duplicate key"},
		{name: "any may hold anything", body: `{"iface":{"z":[1,{"y":2}]}}`},
		{name: "duplicate in any", body: `{"anys":[1,{"y":1,"y":2}]}`, want: "body.anys[1].y: duplicate key"},
		{name: "opaque", body: `{"opaque":{"q":1,"q":1}}`},
		{name: "escaped unknown", body: `{"\u005a":1}`, want: "body.Z: unknown field"},
		{name: "odd key", body: `{"a.b":1}`, want: `body["a.b"]: unknown field`},
		{name: "strings with brackets", body: `{"D":"}{][\"","b":"\\"}`},
		{name: "whitespace", body: " { \"D\" : \"1\" , \"b\" : [ ] } "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkKeys([]byte(tt.body), sh)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckKeysManyFields(t *testing.T) {
	t.Parallel()
	fields := make([]reflect.StructField, 70)
	for i := range fields {
		fields[i] = reflect.StructField{Name: "F" + strings.Repeat("x", i), Type: reflect.TypeFor[int]()}
	}
	sh := bodyShape(reflect.StructOf(fields), nil)
	last := fields[69].Name
	if err := checkKeys([]byte(`{"`+last+`":1,"F":2}`), sh); err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	if err := checkKeys([]byte(`{"`+last+`":1,"`+last+`":2}`), sh); err == nil || !strings.Contains(err.Error(), "duplicate key") {
		t.Fatalf("got %v, want a duplicate key", err)
	}
}

func TestCheckKeysMalformed(t *testing.T) {
	t.Parallel()
	sh := bodyShape(reflect.TypeFor[fieldsCase](), nil)
	for _, body := range []string{``, `{`, `{"A"`, `{"A":}`, `{"A":1,}`, `[1,`, `"abc`, `{"A":1} x`, `{"\u00"}`, `{1:2}`} {
		if err := checkKeys([]byte(body), sh); err == nil {
			t.Errorf("checkKeys(%q): got no error, want one", body)
		}
	}
}

func TestCheckKeysDepth(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2)
	if err := checkKeys([]byte(deep), bodyShape(reflect.TypeFor[[]any](), nil)); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("got %v, want nested too deeply", err)
	}
}

func TestLocate(t *testing.T) {
	t.Parallel()
	sh := bodyShape(reflect.TypeFor[fieldsCase](), nil)
	doc := `{"named":{"A":"x"},"anys":[1,[2,{"k":3}]]}`
	data := []byte(doc)
	after := func(s string) int { return strings.Index(doc, s) + len(s) } // an offset just past s
	tests := []struct {
		off             int
		path, wantField string
	}{
		{off: 1, path: "body"},
		{off: after(`"x"`), path: "body.named.A", wantField: "A"},
		{off: after(`[1`), path: "body.anys[0]", wantField: "anys"},
		{off: after(`[1,[`), path: "body.anys[1]", wantField: "anys"},
		{off: after(`3`), path: "body.anys[1][1].k", wantField: "anys"},
		{off: 1000, path: "body"},
	}
	for _, tt := range tests {
		path, field := locate(data, tt.off, sh)
		if path != tt.path || field != tt.wantField {
			t.Errorf("locate(%d): got %q %q, want %q %q", tt.off, path, field, tt.path, tt.wantField)
		}
	}
}

// FuzzCheckKeys feeds the walker anything: it must never panic, and never
// call valid JSON malformed. (It is not a validator: the codec validates.)
func FuzzCheckKeys(f *testing.F) {
	for _, seed := range []string{`{"a":1}`, `[{"a":[1,2,{"b":"\u0041"}]}]`, `"x"`, `{"a":1,"a":2}`, `{`, `{"\"":1}`} {
		f.Add([]byte(seed))
	}
	sh := bodyShape(reflect.TypeFor[any](), nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		err := checkKeys(data, sh)
		if json.Valid(data) && errors.Is(err, errMalformed) {
			t.Fatalf("checkKeys(%q): got %v on valid JSON", data, err)
		}
		_, _ = locate(data, len(data)/2, sh)
	})
}
