package jsonfield_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
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
		X string `json:"X"`
	}
	Untagged struct{ X string }
	PtrEmb   struct{ P string }
	rules    struct {
		Inner           // promoted A, b
		Other           // A collides with Inner.A: dropped; C promoted
		inner           // unexported embedded struct: D promoted
		Nest1           // Twice.E reached twice at one depth: dropped
		Nest2           //
		Tagged          // X tagged wins over Untagged.X
		Untagged        //
		*PtrEmb         // promoted through a pointer
		Named    Inner  `json:"named"`
		Skipped  string `json:"-"`
		Dash     string `json:"-,"`   //lint:ignore SA5008 encoding/json's "-," names a field "-", tested on purpose
		Bad      string `json:"a\"b"` //lint:ignore SA5008 a malformed name falls back to the field name, tested on purpose
		Renamed  string `json:"renamed,omitempty"`
		private  string //lint:ignore U1000 unexported fields are ignored, tested on purpose
		Shadowed string `json:"C"` // a shallower C hides Other.C
	}
	options struct {
		Plain   int     `json:"plain"`
		Empty   int     `json:"empty,omitempty"`
		Zero    int     `json:"zero,omitzero"`
		Both    int     `json:"both,omitzero,omitempty"`
		Quoted  int     `json:"quoted,string"`
		QPtr    *bool   `json:"qptr,string"`
		QSlice  []int   `json:"qslice,string"`  //lint:ignore SA5008 ,string does not apply to slices, tested on purpose
		QStruct Inner   `json:"qstruct,string"` //lint:ignore SA5008 nor to structs, tested on purpose
		Unnamed float64 `json:",string"`
	}
)

// keysOf returns the top-level keys of the JSON encoding of v, an object,
// in order.
func keysOf(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("got %v %v, want an object", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func names(fs []jsonfield.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

func TestFieldsAgreeWithEncodingJSON(t *testing.T) {
	t.Parallel()
	full := rules{
		Inner: Inner{A: "a", B: "b"}, Other: Other{A: "a", C: "c"}, inner: inner{D: "d"},
		Nest1: Nest1{Twice{"e"}}, Nest2: Nest2{Twice{"e"}}, Tagged: Tagged{"x"}, Untagged: Untagged{"X"},
		PtrEmb: &PtrEmb{P: "p"}, Skipped: "s", Dash: "-", Bad: "bad", Renamed: "r", private: "p", Shadowed: "C",
	}
	one := true
	tests := []struct {
		name  string
		value any
		want  []string
	}{
		{name: "encoding/json's rules", value: full, want: []string{"b", "D", "X", "P", "named", "-", "Bad", "renamed", "C"}},
		{name: "options", value: options{Plain: 1, Empty: 1, Zero: 1, Both: 1, QPtr: &one},
			want: []string{"plain", "empty", "zero", "both", "quoted", "qptr", "qslice", "qstruct", "Unnamed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := names(jsonfield.Fields(reflect.TypeOf(tt.value), nil))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Fields: got %q, want %q", got, tt.want)
			}
			if std := keysOf(t, tt.value); !slices.Equal(got, std) {
				t.Errorf("Fields: got %q, encoding/json writes %q", got, std)
			}
		})
	}
}

func TestFieldOptions(t *testing.T) {
	t.Parallel()
	type flags struct{ omitEmpty, omitZero, quoted, tagged bool }
	want := map[string]flags{
		"plain": {tagged: true}, "empty": {omitEmpty: true, tagged: true}, "zero": {omitZero: true, tagged: true},
		"both": {omitEmpty: true, omitZero: true, tagged: true}, "quoted": {quoted: true, tagged: true},
		"qptr": {quoted: true, tagged: true}, "qslice": {tagged: true}, "qstruct": {tagged: true}, "Unnamed": {quoted: true},
	}
	for _, f := range jsonfield.Fields(reflect.TypeFor[options](), nil) {
		got := flags{f.OmitEmpty, f.OmitZero, f.Quoted, f.Tagged}
		if got != want[f.Name] {
			t.Errorf("%s: got %+v, want %+v", f.Name, got, want[f.Name])
		}
		if f.GoName == "" || f.Tag.Get("json") == "" {
			t.Errorf("%s: got GoName %q and tag %q, want both", f.Name, f.GoName, f.Tag)
		}
	}
}

func TestFieldsSkip(t *testing.T) {
	t.Parallel()
	type withParams struct {
		ID   string `path:"id"`
		Name string `json:"name"`
	}
	skip := func(sf reflect.StructField) bool { _, ok := sf.Tag.Lookup("path"); return ok }
	got := names(jsonfield.Fields(reflect.TypeFor[withParams](), skip))
	if !slices.Equal(got, []string{"name"}) {
		t.Errorf("got %q, want [name]", got)
	}
	f := jsonfield.Fields(reflect.TypeFor[rules](), nil)
	for _, f := range f {
		if f.Name == "P" && !slices.Equal(f.Index, []int{7, 0}) {
			t.Errorf("P: got index %v, want [7 0]", f.Index)
		}
	}
}

func TestWritePath(t *testing.T) {
	t.Parallel()
	tests := []struct{ key, want string }{
		{"name", ".name"}, {"X-Token_2", ".X-Token_2"}, {"a b", `["a b"]`}, {"", `[""]`}, {"é", `["é"]`}, {`a"b`, `["a\"b"]`},
	}
	for _, tt := range tests {
		var b strings.Builder
		jsonfield.WriteKey(&b, tt.key)
		jsonfield.WriteIndex(&b, 2)
		if got := b.String(); got != tt.want+"[2]" {
			t.Errorf("WriteKey(%q): got %q, want %q", tt.key, got, tt.want+"[2]")
		}
	}
}
