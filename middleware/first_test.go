package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestFirst(t *testing.T) {
	t.Parallel()
	var calls []string
	mark := func(name string, act func(w http.ResponseWriter)) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			calls = append(calls, name)
			act(w)
		})
	}
	silent := func(http.ResponseWriter) {}
	tests := []struct {
		name     string
		acts     []func(http.ResponseWriter)
		want     []string
		wantBody string
	}{
		{name: "a body write ends the chain", acts: []func(http.ResponseWriter){
			func(w http.ResponseWriter) { _, _ = io.WriteString(w, "first;") },
			func(w http.ResponseWriter) { _, _ = io.WriteString(w, "second;") }},
			want: []string{"h0"}, wantBody: "first;"},
		{name: "a header ends the chain", acts: []func(http.ResponseWriter){
			silent, func(w http.ResponseWriter) { w.WriteHeader(204) }, silent},
			want: []string{"h0", "h1"}},
		{name: "a flush ends the chain", acts: []func(http.ResponseWriter){
			func(w http.ResponseWriter) { w.(http.Flusher).Flush() }, silent},
			want: []string{"h0"}},
		{name: "setting headers only passes on", acts: []func(http.ResponseWriter){
			func(w http.ResponseWriter) { w.Header().Set("X", "1") }, silent, silent},
			want: []string{"h0", "h1", "h2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls = nil
			hs := make([]http.Handler, len(tt.acts))
			for i, a := range tt.acts {
				hs[i] = mark("h"+string(rune('0'+i)), a)
			}
			rec := serve(First(hs...), httptest.NewRequest("GET", "/", nil))
			if len(calls) != len(tt.want) {
				t.Fatalf("calls got %v, want %v", calls, tt.want)
			}
			for i := range calls {
				if calls[i] != tt.want[i] {
					t.Errorf("calls got %v, want %v", calls, tt.want)
				}
			}
			if rec.Body.String() != tt.wantBody {
				t.Errorf("body got %q, want %q", rec.Body, tt.wantBody)
			}
		})
	}
}

func TestFirstConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "First: handler 1 of 2 is nil", func() { First(noop, nil) })
}
