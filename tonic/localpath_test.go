package tonic

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestLocalPathValue(t *testing.T) {
	t.Parallel()
	var got string
	var gotErr error
	mux := NewTrieServeMux()
	mux.HandleFunc("GET", "/files/{file...}", func(w http.ResponseWriter, r *http.Request) {
		got, gotErr = LocalPathValue(r, "file")
	})
	tests := []struct {
		name, target, want string
		local              bool
	}{
		{"a file", "/files/docs/a.txt", "docs/a.txt", true},
		{"the root", "/files/", "", true},
		{"a dot-dot that stays inside", "/files/docs/..%2Fa.txt", "docs/../a.txt", true},
		{"escaped dot-dots", "/files/..%2F..%2Fetc%2Fpasswd", "", false},
		{"an escaped absolute path", "/files/%2Fetc%2Fpasswd", "", false},
		{"one dot-dot", "/files/a%2F..%2F..", "", false},
		{"a backslash", "/files/..%5C..%5Cwin.ini", "", false},
		{"a NUL byte", "/files/a%00.txt", "", false},
	}
	for _, tt := range tests {
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", tt.target, nil))
		if tt.local {
			if gotErr != nil || got != tt.want {
				t.Errorf("%s: got %q, %v; want %q", tt.name, got, gotErr, tt.want)
			}
			continue
		}
		var e *Error
		if !errors.As(gotErr, &e) || e.StatusCode() != 400 || len(e.Fields) != 1 || e.Fields[0].Path != "path.file" {
			t.Errorf("%s: got %q, %v; want a 400 naming path.file", tt.name, got, gotErr)
		}
	}
}
