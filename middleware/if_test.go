package middleware

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestIf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		hdr      http.Header
		err      error
		want     int
		wantBody string
	}{
		{name: "nil error passes, headers added with every value", hdr: http.Header{"X-Seen": {"a", "b"}},
			want: 200, wantBody: "through"},
		{name: "error with a status stops with it", hdr: http.Header{"X-Why": {"1", "2"}},
			err: tonic.NewError(http.StatusForbidden, "members only"), want: 403,
			wantBody: `{"error":"forbidden","description":"members only"}` + "\n"},
		{name: "plain error is a private 500", err: errors.New("db down"), want: 500,
			wantBody: `{"error":"internal_server_error","description":"Internal Server Error"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := If(func(*http.Request) (http.Header, error) { return tt.hdr, tt.err })(text(200, "through"))
			rec := serve(h, httptest.NewRequest("GET", "/", nil))
			if rec.Code != tt.want || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.want, tt.wantBody)
			}
			for k, v := range tt.hdr {
				if got := rec.Header()[k]; !reflect.DeepEqual(got, v) {
					t.Errorf("%s got %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestIfConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "If with a nil condition", func() { If(nil) })
}
