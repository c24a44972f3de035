package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

type session struct{ User string }

type other struct{ N int }

func TestWithContext(t *testing.T) {
	t.Parallel()
	fill := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			Context[session](r).User = "alice"
			// A later r.WithContext keeps the value: it lives in the context.
			next.ServeHTTP(w, r.WithContext(r.Context()))
		})
	}
	var got *session
	var gotOther *other
	var gotMissing *struct{ X bool }
	h := Chain(WithContext[session](), WithContext[other](), fill)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, gotOther, gotMissing = Context[session](r), Context[other](r), Context[struct{ X bool }](r)
	}))
	serve(h, httptest.NewRequest("GET", "/", nil))
	if got == nil || got.User != "alice" {
		t.Errorf("session got %+v, want alice", got)
	}
	if gotOther == nil || gotOther.N != 0 {
		t.Errorf("other got %+v, want a fresh zero value", gotOther)
	}
	if gotMissing != nil {
		t.Errorf("unregistered type got %+v, want nil", gotMissing)
	}
}

func TestWithContextFreshPerRequest(t *testing.T) {
	t.Parallel()
	var seen []*session
	h := WithContext[session]()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, Context[session](r))
	}))
	serve(h, httptest.NewRequest("GET", "/", nil))
	serve(h, httptest.NewRequest("GET", "/", nil))
	if len(seen) != 2 || seen[0] == seen[1] {
		t.Errorf("got %v, want two distinct values", seen)
	}
}

// TestWithContextKeepsTheRequest: WithContext does not copy a request that
// has a record, so the pattern http.ServeMux sets on it reaches the
// middleware outside (tonic.RouteOf).
func TestWithContextKeepsTheRequest(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.Handle("GET /a/{id}", noop)
	r, _ := tonic.WithRecord(httptest.NewRequest("GET", "/a/1", nil), nil)
	serve(WithContext[session]()(mux), r)
	if got := tonic.RouteOf(r); got != "GET /a/{id}" {
		t.Errorf("route outside got %q, want %q", got, "GET /a/{id}")
	}
}
