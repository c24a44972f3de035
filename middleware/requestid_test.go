package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestRequestID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		incoming string
		inCtx    string
		want     string // "" means: a new valid ID
	}{
		{name: "well-formed header is kept", incoming: "abc-123_x.y:z", want: "abc-123_x.y:z"},
		{name: "no header makes one"},
		{name: "unsafe header is replaced", incoming: "bad id\r\nX-Evil: 1"},
		{name: "overlong header is replaced", incoming: strings.Repeat("a", tonic.MaxRequestIDLen+1)},
		{name: "ID in the context wins", incoming: "from-header", inCtx: "from-server", want: "from-server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var seen string
			h := RequestID()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = tonic.RequestIDFrom(r.Context())
			}))
			r := httptest.NewRequest("GET", "/", nil)
			if tt.incoming != "" {
				r.Header.Set("X-Request-ID", tt.incoming)
			}
			if tt.inCtx != "" {
				r = r.WithContext(tonic.ContextWithRequestID(r.Context(), tt.inCtx))
			}
			rec := serve(h, r)
			got := rec.Header().Get("X-Request-ID")
			if got != seen {
				t.Errorf("header got %q, context %q, want the same", got, seen)
			}
			switch {
			case tt.want != "" && got != tt.want:
				t.Errorf("got %q, want %q", got, tt.want)
			case tt.want == "" && (got == tt.incoming || len(got) != 20 || !tonic.ValidRequestID(got)):
				t.Errorf("got %q, want a new 20-character xid", got)
			}
		})
	}
}
