package respwriter

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Each tap keeps the body within its own bound, through Write and
// ReadFrom alike, whichever was added first.
func TestTaps(t *testing.T) {
	t.Parallel()
	rw := Wrap(httptest.NewRecorder())
	small, large := rw.Tap(3), rw.Tap(100)
	if _, err := rw.Write([]byte("hello ")); err != nil {
		t.Fatal(err)
	}
	if _, err := rw.ReadFrom(strings.NewReader("world")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		c         *Capture
		want      string
		truncated bool
	}{{"small", small, "hel", true}, {"large", large, "hello world", false}} {
		if got, truncated := tt.c.Snapshot(); string(got) != tt.want || truncated != tt.truncated {
			t.Errorf("%s: got %q %v, want %q %v", tt.name, got, truncated, tt.want, tt.truncated)
		}
	}
}
