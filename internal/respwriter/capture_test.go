package respwriter

import (
	"io"
	"strings"
	"testing"
)

func TestCapture(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		max       int
		writes    []string
		want      string
		truncated bool
	}{
		{name: "fits", max: 8, writes: []string{"abc", "def"}, want: "abcdef"},
		{name: "exactly full", max: 6, writes: []string{"abc", "def"}, want: "abcdef"},
		{name: "cut in a write", max: 4, writes: []string{"abc", "def"}, want: "abcd", truncated: true},
		{name: "writes after full", max: 3, writes: []string{"abc", "d", ""}, want: "abc", truncated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := NewCapture(tt.max)
			for _, w := range tt.writes {
				if n, err := c.Write([]byte(w)); n != len(w) || err != nil {
					t.Errorf("Write got %d, %v, want %d, nil", n, err, len(w))
				}
			}
			got, truncated := c.Snapshot()
			if string(got) != tt.want || truncated != tt.truncated {
				t.Errorf("got %q %v, want %q %v", got, truncated, tt.want, tt.truncated)
			}
		})
	}
}

func TestTeeBodyCapturesWhatIsRead(t *testing.T) {
	t.Parallel()
	c := NewCapture(5)
	body := &TeeBody{ReadCloser: io.NopCloser(strings.NewReader("hello world")), C: c}
	got, err := io.ReadAll(body)
	if string(got) != "hello world" || err != nil {
		t.Fatalf("read got %q, %v, want the whole body", got, err)
	}
	if b, truncated := c.Snapshot(); string(b) != "hello" || !truncated {
		t.Errorf("captured %q %v, want %q true", b, truncated, "hello")
	}
}
