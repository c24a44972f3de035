package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
)

// tag returns middleware that writes name before and after the handler.
func tag(name string) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, name+"(")
			next.ServeHTTP(w, r)
			_, _ = io.WriteString(w, ")"+name)
		})
	}
}

func TestChain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ms   []Middleware
		want string
	}{
		{name: "empty chain is the handler", want: "h"},
		{name: "one", ms: []Middleware{tag("a")}, want: "a(h)a"},
		{name: "first listed is outermost", ms: []Middleware{tag("a"), tag("b"), tag("c")}, want: "a(b(c(h)c)b)a"},
		{name: "nested chains", ms: []Middleware{Chain(tag("a"), tag("b")), tag("c")}, want: "a(b(c(h)c)b)a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := Chain(tt.ms...)(text(200, "h"))
			if got := serve(h, httptest.NewRequest("GET", "/", nil)).Body.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestChainCopiesItsArguments(t *testing.T) {
	t.Parallel()
	ms := []Middleware{tag("a")}
	c := Chain(ms...)
	ms[0] = tag("z")
	if got := serve(c(text(200, "h")), httptest.NewRequest("GET", "/", nil)).Body.String(); got != "a(h)a" {
		t.Errorf("got %q, want %q", got, "a(h)a")
	}
}

func TestChainRejectsNil(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "Chain: middleware 1 of 2 is nil", func() { Chain(tag("a"), nil) })
	wantPanicPrefix(t, "Chain applied to a nil handler", func() { Chain(tag("a"))(nil) })
}

// TestEveryMiddlewareUnwraps: the handler of every middleware unwraps to the
// handler it wraps, so that tools can see through a stack.
func TestEveryMiddlewareUnwraps(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	logger, _ := testLogger()
	inner := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name string
		mw   Middleware
	}{
		{"ApacheLogged", ApacheLogged(io.Discard)},
		{"BasicAuth", BasicAuth("r", map[string]string{"u": "p"})},
		{"CountedByStatus", CountedByStatus(reg, "s")},
		{"Cached", Cached(CacheOptions{NoCache: true})},
		{"WithContext", WithContext[struct{}]()},
		{"CORS", CORS([]string{"*"})},
		{"Counted", Counted(reg, "c")},
		{"Counted per route", Counted(reg, "")},
		{"If", If(func(*http.Request) (http.Header, error) { return nil, nil })},
		{"Logged", Logged(logger)},
		{"MaxBytes", MaxBytes(10)},
		{"Recovered", Recovered(logger)},
		{"RequestID", RequestID()},
		{"Timed", Timed(reg, "t")},
		{"Timed per route", Timed(reg, "")},
		{"Timeout", Timeout(time.Second)},
	}
	for _, tt := range tests {
		h := tt.mw(inner)
		u, ok := h.(interface{ Unwrap() http.Handler })
		if !ok {
			t.Errorf("%s: got %T, which has no Unwrap", tt.name, h)
			continue
		}
		if got := u.Unwrap(); reflect.ValueOf(got).Pointer() != reflect.ValueOf(inner).Pointer() {
			t.Errorf("%s: Unwrap got %T, want the handler inside", tt.name, got)
		}
	}
}
