package tonic

import (
	"encoding/json"
	"testing"
)

// TestAppendJSONString checks that appendJSONString writes what
// encoding/json.Marshal writes, for every kind of byte it escapes.
func TestAppendJSONString(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"plain", "GET /no/such/route not found"},
		{"quote and backslash", `say "hi" \ bye`},
		{"named controls", "a\bb\fc\nd\re\tf"},
		{"other controls", "\x00\x01\x1f\x7f"},
		{"html", "<script>&</script>"},
		{"line separators", "a\u2028b\u2029c"},
		{"multibyte", "héllo wörld ✓ 𝄞"},
		{"invalid utf-8", "a\xffb\xc3(c\xe2\x82"},
		{"mixed", "\"<\u2028\xff\n>é"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := appendJSONString([]byte("x"), tc.in); string(got) != "x"+string(want) {
				t.Errorf("got %s, want x%s", got, want)
			}
		})
	}
}

// FuzzAppendJSONString checks appendJSONString against encoding/json on
// any string.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "<&>", "\u2028", "\xff", "é\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}
