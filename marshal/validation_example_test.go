package marshal_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/seed78c03fa0/tonic/marshal"
)

// Size lists its values with an Enum method, so its fields need no tag.
type Size string

// Enum returns the sizes there are.
func (Size) Enum() []any { return []any{Size("small"), Size("large")} }

// CreateReq constrains its fields with tags named after JSON Schema
// keywords, in the body and in parameters alike.
type CreateReq struct {
	Limit int      `query:"limit" minimum:"1" maximum:"100"`
	Name  string   `json:"name" minLength:"1" maxLength:"100" pattern:"^[a-z ]+$"`
	Email string   `json:"email,omitempty" format:"email"`
	Size  Size     `json:"size"`
	Tags  []string `json:"tags" maxItems:"10" maxLength:"20"` // each tag at most 20 characters
}

// Every invalid value is listed, by its JSON path, rule and message.
func ExampleTyped_validation() {
	h := marshal.Typed(func(_ context.Context, in *CreateReq) (*CreateReq, error) { return in, nil })
	body := `{"name":"Widget","size":"medium","tags":["ok","much too long for a tag"]}`
	r := httptest.NewRequest("POST", "/things?limit=500", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code)
	fmt.Print(strings.ReplaceAll(w.Body.String(), "},{", "},\n {"))
	// Output:
	// 422
	// {"error":"unprocessable_entity","description":"body.name: must match the pattern ^[a-z ]+$ (and 3 more)","fields":[{"path":"body.name","rule":"pattern","message":"must match the pattern ^[a-z ]+$"},
	//  {"path":"body.size","rule":"enum","message":"must be one of \"small\", \"large\""},
	//  {"path":"body.tags[1]","rule":"maxLength","message":"must be at most 20 characters"},
	//  {"path":"query.limit","rule":"maximum","message":"must be at most 100"}]}
}
