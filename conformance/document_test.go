package conformance

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/tonic"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// goldenPath is exampled's document as checked in.
var goldenPath = filepath.Join("..", "cmd", "exampled", "testdata", "openapi.golden.json")

// checkDocument fails the test unless doc is a valid OpenAPI 3.1 document:
// libopenapi builds its model without error, and libopenapi-validator
// finds it valid against the OpenAPI 3.1 schema.
func checkDocument(t *testing.T, doc []byte) {
	t.Helper()
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatalf("libopenapi.NewDocument: %v", err)
	}
	if v := d.GetVersion(); v != "3.1.0" {
		t.Errorf("version: got %q, want 3.1.0", v)
	}
	if _, err := d.BuildV3Model(); err != nil {
		t.Errorf("BuildV3Model: %v", err)
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		t.Fatalf("validator.NewValidator: %v", errs)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Errorf("ValidateDocument: %s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  at %s (%s): %s", se.FieldPath, se.KeywordLocation, se.Reason)
			}
		}
	}
}

func TestExampledDocumentIsValid(t *testing.T) {
	t.Parallel()
	printed := exampledDocument(t)
	golden, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(printed, golden) {
		t.Errorf("exampled -openapi differs from %s: run go test ./cmd/exampled -run TestOpenAPIGolden -update", goldenPath)
	}
	checkDocument(t, printed)
}

// Page is a generic response, for a component name with type arguments.
type Page[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

// Note is a request body with a map, a time and a quoted number.
type Note struct {
	Org   string            `path:"org"`
	Token string            `header:"X-Token" required:"true" pattern:"^[a-z]+$"`
	Text  string            `json:"text" maxLength:"200"`
	Meta  map[string]string `json:"meta,omitempty"`
	When  time.Time         `json:"when"`
	Size  int64             `json:"size,string"`
}

func TestBuilderDocumentsAreValid(t *testing.T) {
	t.Parallel()
	notes := func(context.Context, *Note) (*marshal.Response[*Page[Note]], error) { return nil, nil }
	stream := func(context.Context) (io.Reader, error) { return nil, nil }
	inner := tonic.NewTrieServeMux()
	inner.Handle("POST", "/notes", marshal.Typed(notes, marshal.Options{Status: 201,
		Errors: []error{tonic.NewError(http.StatusConflict, "taken")}}))
	inner.Handle("GET", "/files/{rest...}", http.NotFoundHandler())
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/orgs/{org}", middleware.BasicAuth("r", map[string]string{"u": "p"})(inner))
	mux.HandleNamespace("/proxy/", openapi.Describe(http.NotFoundHandler(), openapi.Operation{Summary: "proxied"}))
	mux.Handle("GET", "/stream", marshal.Marshaled(stream))
	mux.Handle("GET", "/described", openapi.Describe(http.NotFoundHandler(),
		openapi.Operation{Status: 200, Response: reflect.TypeFor[Page[string]]()}))
	for _, ew := range []tonic.ErrorWriter{tonic.JSONErrors{}, tonic.ProblemErrors{}} {
		t.Run(fmt.Sprintf("%T", ew), func(t *testing.T) {
			doc, err := openapi.New(mux, openapi.Info{Title: "all", Version: "1"}, openapi.Options{ErrorWriter: ew})
			if err != nil {
				t.Fatal(err)
			}
			checkDocument(t, doc.JSON())
		})
	}
}
