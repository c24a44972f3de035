package validate_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/internal/validate"
	"github.com/seed78c03fa0/tonic/tonic"
)

// failures compiles the type of v and checks v, returning each failure as
// "path rule: message".
func failures(t *testing.T, v any, opts ...validate.Options) []string {
	t.Helper()
	p, err := validate.Compile(reflect.TypeOf(v), opts...)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	fails, total := p.Check(reflect.ValueOf(v), 0)
	if total != len(fails) {
		t.Errorf("got total %d for %d failures", total, len(fails))
	}
	return texts(fails)
}

func texts(fails []tonic.FieldError) []string {
	var out []string
	for _, f := range fails {
		out = append(out, f.Path+" "+f.Rule+": "+f.Message)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestKeywords(t *testing.T) {
	t.Parallel()
	okNumbers := numbers{Min: 1, Max: 100, ExMin: 0.001, ExMax: 9}
	okStrs := strs{MinLen: "ab", MaxLen: "héé", Pattern: "abc"}
	okEnums := enums{Colour: "red", Level: 3, Ratio: 0.5, Flag: true, Suit: "spades"}
	tests := []struct {
		name  string
		value any
		want  []string
	}{
		{name: "numbers pass at their bounds", value: okNumbers},
		{name: "pointer in range", value: numbers{Min: 1, ExMin: 1, Ptr: ptr(-5)}},
		{name: "optional zero counts as absent", value: numbers{Min: 1, ExMin: 1, Opt: 0, OptZ: 0}},
		{name: "optional non-zero is checked", value: numbers{Min: 1, ExMin: 1, Opt: -1, OptZ: -2}, want: []string{
			"body.opt minimum: must be at least 1",
			"body.optz minimum: must be at least 1",
		}},
		{name: "numbers fail", value: numbers{Min: 0, Max: 101, ExMin: 0, ExMax: 10, Ptr: ptr(6)}, want: []string{
			"body.min minimum: must be at least 1",
			"body.max maximum: must be at most 100",
			"body.exMin exclusiveMinimum: must be greater than 0",
			"body.exMax exclusiveMaximum: must be less than 10",
			"body.ptr maximum: must be at most 5",
		}},
		{name: "strings pass, lengths in code points", value: okStrs},
		{name: "strings fail", value: strs{MinLen: "é", MaxLen: "abcd", Pattern: "ab1"}, want: []string{
			"body.minLen minLength: must be at least 2 characters",
			"body.maxLen maxLength: must be at most 3 characters",
			"body.pattern pattern: must match the pattern ^[a-z]+$",
		}},
		{name: "formats pass", value: formats{DateTime: "2024-05-01T12:00:00.5+02:00", Date: "2024-05-01", Email: "ann@example.com",
			URI: "https://example.com/a?b=c#d", UUID: "123e4567-E89B-12d3-a456-426614174000", IPv4: "192.0.2.1", IPv6: "2001:db8::1"}},
		{name: "formats fail", value: formats{DateTime: "2024-05-01 12:00:00", Date: "2024-02-30", Email: "Ann <ann@example.com>",
			URI: "/relative", UUID: "123e4567e89b12d3a456426614174000", IPv4: "192.0.2.01", IPv6: "fe80::1%eth0"}, want: []string{
			"body.dateTime format: must be an RFC 3339 date-time",
			"body.date format: must be a date (YYYY-MM-DD)",
			"body.email format: must be an email address",
			"body.uri format: must be an absolute URI",
			"body.uuid format: must be a UUID",
			"body.ipv4 format: must be an IPv4 address",
			"body.ipv6 format: must be an IPv6 address",
		}},
		{name: "uri with a space", value: formats{URI: "https://example.com/a b"}, want: []string{"body.uri format: must be an absolute URI"}},
		{name: "ipv4 is not ipv6", value: formats{IPv6: "192.0.2.1"}, want: []string{"body.ipv6 format: must be an IPv6 address"}},
		{name: "enums pass", value: okEnums},
		{name: "enum methods pass", value: enums{Colour: "green", Level: 1, Ratio: 1, Flag: true, Suit: "hearts", Suits: []Suit{"spades"}, Prio: ptr(Prio(2))}},
		{name: "enums fail", value: enums{Colour: "blue", Level: 4, Ratio: 0.25, Flag: false, Suit: "clubs", Suits: []Suit{"hearts", "x"}, Prio: ptr(Prio(3))}, want: []string{
			`body.colour enum: must be one of "red", "green"`,
			"body.level enum: must be one of 1, 2, 3",
			"body.ratio enum: must be one of 0.5, 1",
			"body.flag enum: must be one of true",
			`body.suit enum: must be one of "hearts", "spades"`,
			`body.suits[1] enum: must be one of "hearts", "spades"`,
			"body.prio enum: must be one of 1, 2",
		}},
		{name: "items pass", value: items{Tags: []string{"a", "abc"}, Array: [2]string{"x", "y"}, Grid: [][]int{{9}}, Map: map[string]int{"a": 0}}},
		{name: "too few items", value: items{Array: [2]string{"x", "y"}}, want: []string{"body.tags minItems: must have at least 1 item"}},
		{name: "items fail", value: items{Tags: []string{"a", "abcd", "c"}, Grid: [][]int{{1}, {2, 10}, {3}}, Array: [2]string{"x", ""}, Map: map[string]int{"b": -1, "a": -2, "c": 1}}, want: []string{
			"body.tags maxItems: must have at most 2 items",
			"body.tags[1] maxLength: must be at most 3 characters",
			"body.grid maxItems: must have at most 2 items",
			"body.grid[1][1] maximum: must be at most 9",
			"body.array[1] minLength: must be at least 1 character",
			"body.map.a minimum: must be at least 0",
			"body.map.b minimum: must be at least 0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := failures(t, tt.value); !slices.Equal(got, tt.want) {
				t.Errorf("got %q,\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNestedPaths(t *testing.T) {
	t.Parallel()
	bad := item{}
	tests := []struct {
		name  string
		value any
		want  []string
	}{
		{name: "passes", value: nested{Name: "abc", Base: Base{ID: 1}, Items: []item{{"x"}}, Next: &nested{Base: Base{ID: 2}}}},
		{name: "through slices, maps, pointers and embedding", value: nested{
			Name: "abcd", Items: []item{{"x"}, bad}, ByKey: map[string]item{"k": bad}, Extra: &Extra{Note: "abc"},
			Next: &nested{Name: "ok", Base: Base{ID: 1}, Next: &nested{Base: Base{ID: 1}, Items: []item{bad}}},
			Odd:  map[string]item{"a b": bad},
		}, want: []string{
			"body.name maxLength: must be at most 3 characters",
			"body.items[1].name minLength: must be at least 1 character",
			"body.byKey.k.name minLength: must be at least 1 character",
			"body.next.next.items[0].name minLength: must be at least 1 character",
			"body.id minimum: must be at least 1",
			"body.note maxLength: must be at most 2 characters",
			`body["odd key"]["a b"].name minLength: must be at least 1 character`,
		}},
		{name: "top-level slice", value: []item{{"x"}, bad}, want: []string{"body[1].name minLength: must be at least 1 character"}},
		{name: "top-level map", value: map[string][]item{"z": {bad}}, want: []string{"body.z[0].name minLength: must be at least 1 character"}},
		{name: "top-level pointer", value: &item{}, want: []string{"body.name minLength: must be at least 1 character"}},
		{name: "nil pointer", value: (*item)(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := failures(t, tt.value); !slices.Equal(got, tt.want) {
				t.Errorf("got %q,\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParams(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[request]()
	var params []validate.Param
	for _, name := range []string{"ID", "Limit", "Sort", "Token"} {
		sf, _ := typ.FieldByName(name)
		in, key := "path", sf.Tag.Get("path")
		for _, tag := range []string{"query", "header"} {
			if v, ok := sf.Tag.Lookup(tag); ok {
				in, key = tag, v
			}
		}
		params = append(params, validate.Param{Path: in + "." + key, Field: sf})
	}
	isParam := func(sf reflect.StructField) bool { return sf.Tag.Get("json") == "" }
	opts := validate.Options{Skip: isParam, Params: params}
	got := failures(t, request{ID: "12a", Limit: ptr(51), Sort: []string{"name", "date"}, Token: "abc", Name: "abcd"}, opts)
	want := []string{
		"body.name maxLength: must be at most 3 characters",
		"path.id pattern: must match the pattern ^[0-9]+$",
		"query.limit maximum: must be at most 50",
		`query.sort[1] enum: must be one of "name", "size"`,
		"header.X-Token minLength: must be at least 4 characters",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q,\nwant %q", got, want)
	}
	if got := failures(t, request{ID: "1", Token: "abcd"}, opts); got != nil {
		t.Errorf("got %q, want no failures", got)
	}
}

func TestLimit(t *testing.T) {
	t.Parallel()
	v := make([]item, 10)
	p, err := validate.Compile(reflect.TypeOf(v), validate.Options{Root: "data"})
	if err != nil {
		t.Fatal(err)
	}
	fails, total := p.Check(reflect.ValueOf(v), 3)
	if len(fails) != 3 || total != 10 || fails[2].Path != "data[2].name" {
		t.Errorf("got %d failures of %d, last %+v; want 3 of 10, the last data[2].name", len(fails), total, fails[len(fails)-1])
	}
}

func TestEmptyPlan(t *testing.T) {
	t.Parallel()
	type tree struct{ Kids []tree }
	type list []list
	for _, v := range []any{untagged{}, "", []int{}, map[string]any{}, (*untagged)(nil), tree{}, list{}} {
		p, err := validate.Compile(reflect.TypeOf(v))
		if err != nil || !p.Empty() {
			t.Errorf("%T: got %v, empty %v; want an empty plan", v, err, p != nil && p.Empty())
		}
	}
	p, _ := validate.Compile(reflect.TypeFor[nested]())
	if p.Empty() {
		t.Errorf("nested: got an empty plan, want checks")
	}
}

func TestPassingAllocatesNothing(t *testing.T) {
	// Not parallel: AllocsPerRun counts the whole process's allocations.
	tests := []struct {
		name  string
		value any
	}{
		{"numbers", numbers{Min: 1, Max: 100, ExMin: 1, ExMax: 9, Ptr: ptr(0)}},
		{"strings", strs{MinLen: "ab", MaxLen: "abc", Pattern: "abc"}},
		{"enums", enums{Colour: "red", Level: 3, Ratio: 0.5, Flag: true, Suit: "spades", Suits: []Suit{"hearts"}, Prio: ptr(Prio(1))}},
		{"formats", formats{DateTime: "2024-05-01T12:00:00Z", Date: "2024-05-01", UUID: "123e4567-e89b-12d3-a456-426614174000", IPv4: "192.0.2.1", IPv6: "::1"}},
		{"nested", nested{Name: "abc", Base: Base{ID: 1}, Items: []item{{"x"}, {"y"}}, Next: &nested{Base: Base{ID: 2}}}},
	}
	for _, tt := range tests {
		p, err := validate.Compile(reflect.TypeOf(tt.value))
		if err != nil {
			t.Fatal(err)
		}
		v := reflect.ValueOf(tt.value)
		allocs := testing.AllocsPerRun(100, func() {
			if fails, _ := p.Check(v, 0); fails != nil {
				t.Fatalf("%s: got %v, want it to pass", tt.name, fails)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: got %v allocations per check, want 0", tt.name, allocs)
		}
	}
}

func TestMessagesNameNoGoTypes(t *testing.T) {
	t.Parallel()
	got := strings.Join(failures(t, enums{Suit: "x", Prio: ptr(Prio(9))}), "\n")
	for _, leak := range []string{"validate_test", "Suit", "Prio", "uint"} {
		if strings.Contains(got, leak) {
			t.Errorf("got %q, want no Go names (%s)", got, leak)
		}
	}
}

func TestDeepPaths(t *testing.T) {
	t.Parallel()
	type deep struct {
		Next *deep  `json:"n,omitempty"`
		Name string `json:"s,omitempty" maxLength:"1"`
	}
	v := &deep{}
	cur, want := v, "body"
	for i := 0; i < 20; i++ { // deeper than the checker's fixed path stack
		cur.Next = &deep{}
		cur, want = cur.Next, want+".n"
	}
	cur.Name = "ab"
	got := failures(t, v)
	if len(got) != 1 || got[0] != want+".s maxLength: must be at most 1 character" {
		t.Errorf("got %q, want one failure at %s.s", got, want)
	}
}
