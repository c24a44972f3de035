package openapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Product is a catalogue entry; its tags are the ones marshal enforces.
type Product struct {
	SKU   string   `json:"sku" pattern:"^[A-Z]{3}-[0-9]+$" doc:"stock keeping unit" example:"ABC-1"`
	Price int      `json:"price" minimum:"0" doc:"in cents"`
	Tags  []string `json:"tags,omitempty" maxItems:"5" maxLength:"20"`
}

// A document builder asks one Registry for every schema of a document: it
// gets references, and the components to publish.
func ExampleRegistry() {
	reg := openapi.NewRegistry()
	s, err := reg.Schema(reflect.TypeFor[[]Product]())
	if err != nil {
		panic(err)
	}
	body, _ := json.Marshal(s)
	fmt.Println(string(body))
	product, _ := json.MarshalIndent(reg.Components()["Product"], "", "  ")
	fmt.Println(string(product))
	// Output:
	// {"type":"array","items":{"$ref":"#/components/schemas/Product"}}
	// {
	//   "type": "object",
	//   "properties": {
	//     "sku": {
	//       "description": "stock keeping unit",
	//       "type": "string",
	//       "pattern": "^[A-Z]{3}-[0-9]+$",
	//       "examples": [
	//         "ABC-1"
	//       ]
	//     },
	//     "price": {
	//       "description": "in cents",
	//       "type": "integer",
	//       "format": "int64",
	//       "minimum": 0
	//     },
	//     "tags": {
	//       "type": "array",
	//       "items": {
	//         "type": "string",
	//         "maxLength": 20
	//       },
	//       "maxItems": 5
	//     }
	//   },
	//   "required": [
	//     "sku",
	//     "price"
	//   ],
	//   "additionalProperties": false
	// }
}

// Amount gives its own schema: it encodes itself as a decimal string.
type Amount struct{ cents int64 }

// MarshalText writes "12.34".
func (a Amount) MarshalText() ([]byte, error) {
	return []byte(fmt.Sprintf("%d.%02d", a.cents/100, a.cents%100)), nil
}

// JSONSchema says what MarshalText writes.
func (Amount) JSONSchema() *openapi.Schema {
	return &openapi.Schema{Type: openapi.Types{"string"}, Pattern: `^[0-9]+\.[0-9]{2}$`}
}

// A type describes its own JSON with a JSONSchema method.
func ExampleSchema_custom() {
	s, _ := openapi.NewRegistry().Schema(reflect.TypeFor[*Amount]())
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output:
	// {"type":["string","null"],"pattern":"^[0-9]+\\.[0-9]{2}$"}
}

// CreateProduct is the request of the create endpoint.
type CreateProduct struct {
	Shop string `path:"shop"`
	Product
}

func createProduct(_ context.Context, in *CreateProduct) (*marshal.Response[*Product], error) {
	return &marshal.Response[*Product]{Status: http.StatusCreated, Body: &in.Product}, nil
}

// New documents a mux's routes; the document's Handler serves it.
func ExampleNew() {
	mux := tonic.NewTrieServeMux()
	mux.Handle("POST", "/shops/{shop}/products", marshal.Typed(createProduct, marshal.Options{
		Summary: "Add a product", Status: http.StatusCreated,
		Errors: []error{tonic.NewError(http.StatusConflict, "the SKU is taken")},
	}))
	doc, err := openapi.New(mux, openapi.Info{Title: "shop", Version: "1.0.0"})
	if err != nil {
		panic(err)
	}
	mux.Handle("GET", "/openapi.json", doc.Handler())

	var d struct {
		Paths map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc.JSON(), &d); err != nil {
		panic(err)
	}
	op := d.Paths["/shops/{shop}/products"]["post"]
	fmt.Println(op.OperationID, slices.Sorted(maps.Keys(op.Responses)))
	// Output:
	// createProduct [201 400 406 409 413 415 422 500]
}
