package marshal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/seed78c03fa0/tonic/marshal"
)

type byID struct {
	ID    int    `path:"id"`
	Label string `query:"label"`
}

type found struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
}

func TestChiPathValues(t *testing.T) {
	r := chi.NewRouter()
	r.Method(http.MethodGet, "/items/{id}", marshal.Typed(func(_ context.Context, in *byID) (*found, error) {
		return &found{ID: in.ID, Label: in.Label}, nil
	}))
	tests := []struct {
		name, target string
		status       int
		want         string
	}{
		{name: "binds", target: "/items/42?label=x", status: 200, want: `{"id":42,"label":"x"}`},
		{name: "bad value", target: "/items/abc", status: 400, want: `path.id: got \"abc\"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tt.target, nil))
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
				t.Fatalf("got %d %q, want %d containing %q", w.Code, w.Body.String(), tt.status, tt.want)
			}
		})
	}
}
