package admin

import (
	"slices"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// TestPprofCmdlineHidesSecrets serves /debug/pprof/cmdline for a command
// line with secrets: they are masked, every argument keeps its place, and
// the NUL-separated form of net/http/pprof is kept.
func TestPprofCmdlineHidesSecrets(t *testing.T) {
	t.Parallel()
	args := []string{"/usr/bin/exampled", "-auth", "u:hunter2", "-listen", ":8000", "--api-token=t0k",
		"-proxy", "/up=https://bob:pw@backend:8443/", "-auth-file", "/etc/exampled/auth"}
	tests := []struct {
		name  string
		flags []string
		want  []string
	}{
		{"default words", nil, []string{"/usr/bin/exampled", "-auth", "u:hunter2", "-listen", ":8000", "--api-token=[REDACTED]",
			"-proxy", "/up=https://bob:[REDACTED]@backend:8443/", "-auth-file", "/etc/exampled/auth"}},
		{"auth named a secret", []string{"auth"}, []string{"/usr/bin/exampled", "-auth", "[REDACTED]", "-listen", ":8000", "--api-token=[REDACTED]",
			"-proxy", "/up=https://bob:[REDACTED]@backend:8443/", "-auth-file", "[REDACTED]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := newAdmin(metrics.NewRegistry(), time.Now, args, []Options{{SecretFlags: tt.flags}})
			if err != nil {
				t.Fatal(err)
			}
			w := get(h, "/debug/pprof/cmdline")
			if got := strings.Split(w.Body.String(), "\x00"); w.Code != 200 || !slices.Equal(got, tt.want) {
				t.Errorf("got %d %q, want %q", w.Code, got, tt.want)
			}
		})
	}
}
