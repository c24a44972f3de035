package tonic

import "testing"

// TestPatternKeptWhenCanonical: a pattern written as format writes it is
// kept as given, and every other is formatted; both ways give format's text.
func TestPatternKeptWhenCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"/", "/"},
		{"/users/{id}", "/users/{id}"},
		{"/users/{id}/", "/users/{id}/"},
		{"/files/{p...}", "/files/{p...}"},
		{"/users/:id", "/users/{id}"},
		{"/files/*p", "/files/{p...}"},
		{"/%61bc", "/abc"},
		{"/a%2fb", "/a%2Fb"},
		{"/a%2Fb", "/a%2Fb"},
		{"/%x", "/%25x"},
		{"/#/", "/%23/"},
		{"/a b", "/a%20b"},
		{"/%3Aid", "/%3aid"},
		{"/%2Ap", "/%2ap"},
		{"/a/{x}/b/{y...}", "/a/{x}/b/{y...}"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := parsePattern(tt.in)
			if err != nil {
				t.Fatalf("parsePattern(%q): %v", tt.in, err)
			}
			if p.str != tt.want || p.str != p.format() {
				t.Errorf("parsePattern(%q).str: got %q (format %q), want %q", tt.in, p.str, p.format(), tt.want)
			}
		})
	}
}
