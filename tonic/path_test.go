package tonic

import (
	"strings"
	"testing"
	"time"
)

func TestPlainCleanPath(t *testing.T) {
	tests := []struct {
		name string
		path string
		want bool
	}{
		{name: "root", path: "/", want: true},
		{name: "plain", path: "/a/b", want: true},
		{name: "trailing slash", path: "/a/b/", want: true},
		{name: "dotted names", path: "/.a/..b/c.", want: true},
		{name: "empty", path: "", want: false},
		{name: "relative", path: "a/b", want: false},
		{name: "percent", path: "/a%b", want: false},
		{name: "empty segment", path: "/a//b", want: false},
		{name: "dot segment", path: "/a/./b", want: false},
		{name: "dot-dot segment", path: "/a/../b", want: false},
		{name: "final dot", path: "/a/.", want: false},
		{name: "final dot-dot", path: "/a/..", want: false},
		{name: "unclean after dotted names", path: "/.a/.a/.a//", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainCleanPath(tt.path); got != tt.want {
				t.Errorf("plainCleanPath(%q): got %v, want %v", tt.path, got, tt.want)
			}
			if !strings.HasPrefix(tt.path, "/") {
				return
			}
			long := "/" + strings.Repeat("x", longPath) + tt.path // takes the vector searches
			if got := plainCleanPath(long); got != tt.want {
				t.Errorf("plainCleanPath(%q): got %v, want %v", long, got, tt.want)
			}
		})
	}
}

// TestPlainCleanPathIsLinear: every request path goes through
// plainCleanPath, so a client must not be able to make it quadratic. A
// megabyte of "/.a" segments takes a millisecond in one pass and minutes when
// each segment rescans the rest; the deadline is only a backstop.
func TestPlainCleanPathIsLinear(t *testing.T) {
	p := strings.Repeat("/.a", 1<<20/3)
	done := make(chan bool, 1)
	go func() { done <- plainCleanPath(p) }()
	select {
	case got := <-done:
		if !got {
			t.Errorf("plainCleanPath of /.a segments: got false, want true")
		}
	case <-time.After(waitLimit):
		t.Fatalf("plainCleanPath of a %d-byte path did not return within %v", len(p), waitLimit)
	}
}
