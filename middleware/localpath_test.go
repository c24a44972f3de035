package middleware

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

// TestLocalPath serves a directory through a catch-all behind LocalPath:
// values that would leave it are 400s that name the value, and never reach
// the file system.
func TestLocalPath(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a.txt"), []byte("inside"), 0o644); err != nil {
		t.Fatal(err)
	}
	reached := 0
	files := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		http.ServeFile(w, r, filepath.Join(root, filepath.FromSlash(r.PathValue("file"))))
	})
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/files/{file...}", LocalPath("file")(files))
	tests := []struct {
		name, target string
		code         int
		body         string
	}{
		{"inside", "/files/a.txt", 200, "inside"},
		{"escaped dot-dots", "/files/..%2F..%2Fetc%2Fpasswd", 400, `path.file: \"../../etc/passwd\" is not a local path`},
		{"escaped absolute path", "/files/%2Fetc%2Fpasswd", 400, `path.file: \"/etc/passwd\" is not a local path`},
	}
	for _, tt := range tests {
		w := serve(mux, httptest.NewRequest("GET", tt.target, nil))
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.body) {
			t.Errorf("%s: got %d %s, want %d with %s", tt.name, w.Code, w.Body, tt.code, tt.body)
		}
	}
	if reached != 1 {
		t.Errorf("the file handler ran %d times, want once", reached)
	}
	wantPanicPrefix(t, "LocalPath without a wildcard name", func() { LocalPath() })
	wantPanicPrefix(t, "LocalPath applied to a nil handler", func() { LocalPath("file")(nil) })
}
