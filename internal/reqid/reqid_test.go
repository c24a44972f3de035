package reqid

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header, ctxID string
		want                string // "" means a new ID
	}{
		{"context wins", "from-header", "from-context", "from-context"},
		{"well-formed header", "abc-123_x.y:z", "", "abc-123_x.y:z"},
		{"base64 header", "q83vEjRWeJA+/w==", "", "q83vEjRWeJA+/w=="},
		{"header with a space", "abc 123", "", ""},
		{"header with a newline", "abc\n123", "", ""},
		{"header too long", strings.Repeat("a", tonic.MaxRequestIDLen+1), "", ""},
		{"no header", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			if tt.header != "" {
				r.Header.Set(tonic.RequestIDHeader, tt.header)
			}
			if tt.ctxID != "" {
				r = r.WithContext(tonic.ContextWithRequestID(r.Context(), tt.ctxID))
			}
			got := For(r, time.Now())
			if tt.want != "" && got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.want == "" && (len(got) != 20 || got == tt.header || !tonic.ValidRequestID(got)) {
				t.Errorf("got %q, want a new 20-character ID", got)
			}
		})
	}
	if a, b := New(time.Now()), New(time.Now()); a == b {
		t.Errorf("two new IDs are equal: %q", a)
	}
}

func TestHeaderKeyIsCanonical(t *testing.T) {
	t.Parallel()
	if got := http.CanonicalHeaderKey(tonic.RequestIDHeader); got != HeaderKey {
		t.Errorf("canonical key of %q: got %q, want %q", tonic.RequestIDHeader, got, HeaderKey)
	}
}
