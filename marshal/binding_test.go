package marshal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
)

// Colored is promoted into bindMe's body.
type Colored struct {
	Color string `json:"color,omitempty"`
}

// bindMe has parameters, body fields and fields neither sees.
type bindMe struct {
	Org  string   `path:"org"`
	Tags []string `query:"tag"`
	Key  string   `header:"x-key" required:"true"`
	Colored
	Name    string `json:"name"`
	Count   int    `json:"count,string"`
	Skipped string `json:"-"`
	private string //lint:ignore U1000 unexported fields are not bound, tested on purpose
}

func TestBindingOf(t *testing.T) {
	t.Parallel()
	for _, typ := range []reflect.Type{reflect.TypeFor[bindMe](), reflect.TypeFor[*bindMe]()} {
		b, err := marshal.BindingOf(typ)
		if err != nil {
			t.Fatalf("BindingOf(%v): %v", typ, err)
		}
		if b.Type != reflect.TypeFor[bindMe]() {
			t.Errorf("Type: got %v, want bindMe", b.Type)
		}
		type wantParam struct {
			name, in string
			required bool
			index    []int
			repeated bool
		}
		want := []wantParam{{"org", "path", true, []int{0}, false}, {"tag", "query", false, []int{1}, true}, {"X-Key", "header", true, []int{2}, false}}
		if len(b.Parameters) != len(want) {
			t.Fatalf("Parameters: got %+v, want %+v", b.Parameters, want)
		}
		for i, p := range b.Parameters {
			got := wantParam{p.Name, p.In, p.Required, p.Index, p.Repeated}
			if !reflect.DeepEqual(got, want[i]) {
				t.Errorf("Parameters[%d]: got %+v, want %+v", i, got, want[i])
			}
		}
		var names []string
		for _, f := range b.Body {
			names = append(names, f.Name)
		}
		if !slices.Equal(names, []string{"color", "name", "count"}) {
			t.Errorf("Body: got %q, want [color name count]", names)
		}
		if !reflect.DeepEqual(b.Body[0].Index, []int{3, 0}) || !b.Body[2].Quoted || b.Body[1].Quoted {
			t.Errorf("Body: got %+v, want color at [3 0] and count quoted", b.Body)
		}
	}
}

// TestBindingAgreesWithHandler holds BindingOf to what a Handler does: the
// same parameters, and body fields that are exactly the keys it accepts.
func TestBindingAgreesWithHandler(t *testing.T) {
	t.Parallel()
	h := marshal.Typed(func(_ context.Context, in *bindMe) (*bindMe, error) { return in, nil })
	b, err := marshal.BindingOf(reflect.TypeFor[*bindMe]())
	if err != nil {
		t.Fatal(err)
	}
	var ps []marshal.Parameter
	for _, p := range b.Parameters {
		ps = append(ps, p.Parameter)
	}
	if !reflect.DeepEqual(ps, h.Parameters()) {
		t.Errorf("Parameters: got %+v, the handler has %+v", ps, h.Parameters())
	}
	keys := map[string]any{}
	for _, f := range b.Body {
		keys[f.Name] = "1"
	}
	body, _ := json.Marshal(keys)
	tests := []struct {
		name string
		body string
		code int
	}{
		{"every body field", string(body), 200},
		{"a parameter's field", `{"Org":"x"}`, 400},
		{"a skipped field", `{"Skipped":"x"}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			mux.Handle("POST /{org}", h)
			w := serve(mux, request("POST", "/o", tt.body, "Content-Type", "application/json", "X-Key", "k"))
			if w.Code != tt.code {
				t.Errorf("body %s: got %d %s, want %d", tt.body, w.Code, w.Body, tt.code)
			}
		})
	}
}

func TestBindingOmitted(t *testing.T) {
	t.Parallel()
	b, err := marshal.BindingOf(reflect.TypeFor[bindMe]())
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(bindMe{Name: ""})
	tests := []struct {
		name  string
		field int
		value any
		want  bool
	}{
		{"omitempty, empty", 0, "", true},
		{"omitempty, set", 0, "red", false},
		{"no option, empty", 1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Body[tt.field].Omitted(reflect.ValueOf(tt.value)); got != tt.want {
				t.Errorf("Omitted(%q): got %v, want %v", tt.value, got, tt.want)
			}
		})
	}
	if b.Body[1].Omitted(v.FieldByIndex(b.Body[1].Index)) {
		t.Error("name: got omitted, want kept")
	}
	data, _ := json.Marshal(bindMe{})
	if strings.Contains(string(data), "color") != !b.Body[0].Omitted(reflect.ValueOf("")) {
		t.Errorf("encoding/json wrote %s, which disagrees with Omitted", data)
	}
}

func TestBindingOfRejects(t *testing.T) {
	t.Parallel()
	type twoTags struct {
		ID string `path:"id" query:"id"`
	}
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"nil", nil, "marshal: BindingOf(<nil>): want a struct or a pointer to a struct"},
		{"map", reflect.TypeFor[map[string]int](), "marshal: BindingOf(map[string]int): want a struct or a pointer to a struct"},
		{"pointer to pointer", reflect.TypeFor[**bindMe](), "want a struct or a pointer to a struct"},
		{"bad tags", reflect.TypeFor[*twoTags](), "field ID: has both path and query tags, want one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := marshal.BindingOf(tt.typ)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
