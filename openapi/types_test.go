package openapi_test

import (
	"time"

	"github.com/seed78c03fa0/tonic/openapi"
)

// Types for the rule table, one idea each.
type (
	Item struct {
		Name string `json:"name"`
	}
	Page[T any] struct {
		Items []T `json:"items"`
	}
	Pair[K comparable, V any] struct {
		K K `json:"k"`
		V V `json:"v"`
	}
	Node struct {
		Name     string `json:"name"`
		Children []Node `json:"children,omitempty"`
		Parent   *Node  `json:"parent,omitempty"`
	}
	Tree     []Tree
	Tags     []string
	Location struct {
		City string `json:"city"`
	}
	withLocations struct {
		Mine   Location       `json:"mine"`
		Theirs *time.Location `json:"theirs"`
	}
	Base struct {
		ID   int64  `json:"id"`
		Kind string `json:"kind"`
	}
	Extra struct {
		Note string `json:"note"`
	}
	embedded struct {
		Base
		*Extra
		Kind  string `json:"kind"` // shadows Base.Kind
		Other string `json:"-"`
		quiet string //lint:ignore U1000 unexported fields are left out, tested on purpose
	}
	optional struct {
		Plain  string    `json:"plain"`
		Empty  string    `json:"empty,omitempty"`
		Zero   int       `json:"zero,omitzero"`
		Nested Item      `json:"nested,omitempty"` // omitempty never omits a struct
		When   time.Time `json:"when,omitzero"`
	}
	quoted struct {
		N int     `json:"n,string"`
		U *uint   `json:"u,string" minimum:"1"`
		B bool    `json:"b,string"`
		F float64 `json:"f,string"`
	}
	// Colour encodes itself as text and lists its values.
	Colour int
	// Raw encodes itself as any JSON.
	Raw struct{ v []byte }
	// Money gives its own schema.
	Money struct {
		Cents int64
	}
	// Level lists its values.
	Level  string
	tagged struct {
		Name   string         `json:"name" minLength:"1" maxLength:"100" pattern:"^[a-z]+$" doc:"the name" example:"ann"`
		Age    uint8          `json:"age" maximum:"150" example:"42"`
		Score  float64        `json:"score" exclusiveMinimum:"0" exclusiveMaximum:"1"`
		Email  *string        `json:"email" format:"email"`
		Size   string         `json:"size" enum:"s,m,l"`
		Maybe  *string        `json:"maybe" enum:"a,b"`
		Tags   []string       `json:"tags" minItems:"1" maxItems:"5" maxLength:"10"`
		Grid   [][]int        `json:"grid" maximum:"9"`
		Counts map[string]int `json:"counts" minimum:"0"`
		Level  Level          `json:"level"`
		Levels []*Level       `json:"levels"`
		Point  []int          `json:"point" example:"[1,2]"`
	}
)

func (c Colour) MarshalText() ([]byte, error) { return []byte([]string{"red", "green"}[c]), nil }
func (c Colour) Enum() []any                  { return []any{Colour(0), Colour(1)} }

func (r Raw) MarshalJSON() ([]byte, error) { return r.v, nil }

func (*Money) JSONSchema() *openapi.Schema {
	return &openapi.Schema{Type: openapi.Types{"string"}, Pattern: `^[0-9]+\.[0-9]{2}$`, Description: "an amount"}
}

func (Level) Enum() []any { return []any{Level("low"), Level("high")} }
