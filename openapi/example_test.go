package openapi_test

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/seed78c03fa0/tonic/openapi"
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
