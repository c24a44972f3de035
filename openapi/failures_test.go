package openapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/tonic"
)

// TestErrorSchemas checks the error body schemas against the bodies tonic
// writes: every member written is a property, every required property is
// written, and the content types match. (The conformance module validates
// real bodies with a JSON Schema validator.)
func TestErrorSchemas(t *testing.T) {
	t.Parallel()
	err := &tonic.Error{Status: 422, Message: "bad", Fields: []tonic.FieldError{{Path: "body.x", Rule: "minimum", Message: "m"}}}
	tests := []struct {
		name   string
		writer tonic.ErrorWriter
		schema string
		types  []string
	}{
		{"JSON errors", tonic.JSONErrors{}, "tonic.Error", []string{"application/json", "text/plain"}},
		{"problems", tonic.ProblemErrors{}, "tonic.Problem", []string{"application/json", "application/problem+json", "text/plain"}},
		{"problems by pointer", &tonic.ProblemErrors{Type: "https://example.com/p"}, "tonic.Problem", []string{"application/json", "application/problem+json", "text/plain"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := tonic.NewTrieServeMux()
			mux.Handle("POST", "/t", marshal.Typed(func(context.Context, *Thing) (*Thing, error) { return nil, nil }))
			doc := build(t, mux, openapi.Options{ErrorWriter: tt.writer})
			content := at(doc, "paths", "/t", "post", "responses", "400", "content")
			if got := keys(content); got != jsonOf(tt.types) {
				t.Errorf("content types: got %s, want %s", got, jsonOf(tt.types))
			}
			schema := at(doc, "components", "schemas", tt.schema)
			w := httptest.NewRecorder()
			r := httptest.NewRequest("POST", "/t", nil)
			r.Header.Set("Accept", "application/problem+json, application/json")
			r, _ = tonic.WithRecord(r, func(*http.Request, time.Time) string { return "req-1" })
			tt.writer.WriteError(w, r, 422, err)
			var body map[string]any
			if e := json.Unmarshal(w.Body.Bytes(), &body); e != nil {
				t.Fatal(e)
			}
			props := at(schema, "properties").(map[string]any)
			for k := range body {
				if props[k] == nil {
					t.Errorf("the body has %q, which the schema lacks", k)
				}
			}
			for _, k := range at(schema, "required").([]any) {
				if _, ok := body[k.(string)]; !ok {
					t.Errorf("the schema requires %q, which the body lacks", k)
				}
			}
			if ct := w.Header().Get("Content-Type"); !slices.Contains(tt.types, ct) {
				t.Errorf("Content-Type %q is not documented", ct)
			}
		})
	}
}

func TestOtherErrorWriter(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.Handle("POST", "/t", marshal.Typed(func(context.Context, *Thing) (*Thing, error) { return nil, nil }))
	doc := build(t, mux, openapi.Options{ErrorWriter: writerFunc(func(http.ResponseWriter, *http.Request, int, error) {})})
	if got := jsonOf(at(doc, "paths", "/t", "post", "responses", "400", "content")); got != `{"*/*":{"schema":{}}}` {
		t.Errorf("got %s, want unknown content", got)
	}
	if got := at(doc, "components", "schemas", "tonic.Error"); got != nil {
		t.Errorf("got the JSON error schema %v, want none", got)
	}
}

// writerFunc is an ErrorWriter of its own.
type writerFunc func(http.ResponseWriter, *http.Request, int, error)

func (f writerFunc) WriteError(w http.ResponseWriter, r *http.Request, status int, err error) {
	f(w, r, status, err)
}
