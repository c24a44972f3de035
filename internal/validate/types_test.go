package validate_test

import "time"

// Types exercising each keyword; one field each, so rows read alone.
type (
	numbers struct {
		Min   int     `json:"min" minimum:"1"`
		Max   uint8   `json:"max" maximum:"100"`
		ExMin float64 `json:"exMin" exclusiveMinimum:"0"`
		ExMax int64   `json:"exMax" exclusiveMaximum:"10"`
		Ptr   *int    `json:"ptr,omitempty" minimum:"-5" maximum:"5"`
		Opt   int     `json:"opt,omitempty" minimum:"1"`
		OptZ  int     `json:"optz,omitzero" minimum:"1"`
	}
	strs struct {
		MinLen  string `json:"minLen" minLength:"2"`
		MaxLen  string `json:"maxLen" maxLength:"3"`
		Pattern string `json:"pattern" pattern:"^[a-z]+$"`
	}
	formats struct {
		DateTime string `json:"dateTime,omitempty" format:"date-time"`
		Date     string `json:"date,omitempty" format:"date"`
		Email    string `json:"email,omitempty" format:"email"`
		URI      string `json:"uri,omitempty" format:"uri"`
		UUID     string `json:"uuid,omitempty" format:"uuid"`
		IPv4     string `json:"ipv4,omitempty" format:"ipv4"`
		IPv6     string `json:"ipv6,omitempty" format:"ipv6"`
	}
	enums struct {
		Colour string  `json:"colour" enum:"red,green"`
		Level  int     `json:"level" enum:"1,2,3"`
		Ratio  float32 `json:"ratio" enum:"0.5,1"`
		Flag   bool    `json:"flag" enum:"true"`
		Suit   Suit    `json:"suit"`
		Suits  []Suit  `json:"suits,omitempty"`
		Prio   *Prio   `json:"prio,omitempty"`
	}
	items struct {
		Tags  []string       `json:"tags" minItems:"1" maxItems:"2" maxLength:"3"`
		Grid  [][]int        `json:"grid,omitempty" maxItems:"2" maximum:"9"`
		Array [2]string      `json:"array" minLength:"1"`
		Map   map[string]int `json:"map,omitempty" minimum:"0"`
	}
	// Suit lists its values with an Enum method on the value.
	Suit string
	// Prio lists its values with an Enum method on the pointer.
	Prio   uint
	nested struct {
		Name   string          `json:"name" maxLength:"3"`
		Items  []item          `json:"items,omitempty"`
		ByKey  map[string]item `json:"byKey,omitempty"`
		Next   *nested         `json:"next,omitempty"`
		Base                   // promoted ID
		*Extra                 // promoted through a pointer, maybe nil
		Odd    map[string]item `json:"odd key,omitempty"`
	}
	item struct {
		Name string `json:"name" minLength:"1"`
	}
	Base struct {
		ID int `json:"id" minimum:"1"`
	}
	Extra struct {
		Note string `json:"note" maxLength:"2"`
	}
	request struct {
		ID     string    `path:"id" pattern:"^[0-9]+$"`
		Limit  *int      `query:"limit" maximum:"50"`
		Sort   []string  `query:"sort" enum:"name,size"`
		Token  string    `header:"X-Token" minLength:"4"`
		Name   string    `json:"name" maxLength:"3"`
		When   time.Time `json:"when"`
		Ignore string    `json:"-"`
	}
	// untagged has nothing to check.
	untagged struct {
		A string         `json:"a"`
		B []item2        `json:"b"`
		C map[string]int `json:"c"`
	}
	item2 struct{ X int }
)

func (Suit) Enum() []any  { return []any{Suit("hearts"), "spades"} }
func (*Prio) Enum() []any { return []any{1, 2} }
