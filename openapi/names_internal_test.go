package openapi

import (
	htmltemplate "html/template"
	"math/rand"
	randv2 "math/rand/v2"
	"reflect"
	"testing"
	texttemplate "text/template"
)

type (
	plain           struct{}
	Box[T any]      struct{}
	Two[A, B any]   struct{}
	Écran           struct{}
	weirdArg[T any] struct{}
)

func TestComponentName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[plain](), "plain"},
		{reflect.TypeFor[Box[plain]](), "BoxPlain"},
		{reflect.TypeFor[Box[[]plain]](), "BoxListPlain"},
		{reflect.TypeFor[Box[*plain]](), "BoxPlain"},
		{reflect.TypeFor[Box[[3]int]](), "BoxArrayInt"},
		{reflect.TypeFor[Box[map[string]plain]](), "BoxMapStringPlain"},
		{reflect.TypeFor[Two[string, int]](), "TwoStringInt"},
		{reflect.TypeFor[Box[Box[rand.Rand]]](), "BoxBoxRand"},
		{reflect.TypeFor[Box[struct{ A int }]](), "BoxStructAInt"},
		{reflect.TypeFor[Écran](), "cran"},
		{reflect.TypeFor[weirdArg[Écran]](), "weirdArgCran"},
	}
	for _, tt := range tests {
		if got := componentName(tt.typ); got != tt.want {
			t.Errorf("componentName(%v): got %q, want %q", tt.typ, got, tt.want)
		}
	}
}

func TestUniqueName(t *testing.T) {
	t.Parallel()
	taken := map[string]bool{"Template": true}
	take := func(typ reflect.Type) string {
		n := uniqueName(componentName(typ), typ, func(s string) bool { return taken[s] })
		taken[n] = true
		return n
	}
	if got := take(reflect.TypeFor[texttemplate.Template]()); got != "TemplateTemplate" {
		t.Errorf("got %q, want the package name in front", got)
	}
	if got := take(reflect.TypeFor[htmltemplate.Template]()); got != "TemplateTemplate2" {
		t.Errorf("got %q, want a number after the package name", got)
	}
	if got := packageName(reflect.TypeFor[randv2.Rand]()); got != "Rand" {
		t.Errorf("packageName(math/rand/v2): got %q, want Rand", got)
	}
}

func TestClashingComponents(t *testing.T) {
	t.Parallel()
	type Rand struct{ N int }
	type rands struct {
		A rand.Rand
		B randv2.Rand
		C Rand
	}
	r := NewRegistry()
	s, err := r.Schema(reflect.TypeFor[rands]())
	if err != nil {
		t.Fatal(err)
	}
	o := r.Components()["rands"]
	got := []string{o.Property("A").Ref, o.Property("B").Ref, o.Property("C").Ref}
	want := []string{"#/components/schemas/Rand", "#/components/schemas/RandRand", "#/components/schemas/OpenapiRand"}
	if s.Ref != "#/components/schemas/rands" || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("got %v, want %v", got, want)
	}
}

// FuzzWords feeds the name speller any type text: it must never panic, and
// must only ever spell names that components allow.
func FuzzWords(f *testing.F) {
	for _, seed := range []string{"Page[example.com/x.Item]", "[]*map[string][3]int", "struct { A int \"json:\\\"a\\\"\" }", "[9", "map[", "é.ü/ß", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range words(s, true) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				t.Fatalf("words(%q): got %q, with %q", s, words(s, true), c)
			}
		}
	})
}
