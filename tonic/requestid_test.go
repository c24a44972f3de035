package tonic

import (
	"strings"
	"testing"
)

func TestValidRequestID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, id string
		want     bool
	}{
		{"well-formed", "abc-123_x.y:z", true},
		{"base64", "q83vEjRWeJA+/w==", true},
		{"empty", "", false},
		{"a space", "abc 123", false},
		{"a newline", "abc\n123", false},
		{"longest", strings.Repeat("a", MaxRequestIDLen), true},
		{"too long", strings.Repeat("a", MaxRequestIDLen+1), false},
	}
	for _, tt := range tests {
		if got := ValidRequestID(tt.id); got != tt.want {
			t.Errorf("%s: ValidRequestID(%q) got %v, want %v", tt.name, tt.id, got, tt.want)
		}
	}
}
