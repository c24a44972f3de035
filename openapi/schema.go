package openapi

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Schema is a JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1),
// limited to the keywords tonic generates. It marshals to JSON with its
// keys in a fixed order (the order of the fields below, properties in
// declaration order), so generated documents diff cleanly.
type Schema struct {
	// Ref refers to a named schema: "#/components/schemas/Item".
	Ref string `json:"$ref,omitempty"`
	// Title and Description are for people.
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// Type is the JSON type, or several: "string", or ["string", "null"].
	Type Types `json:"type,omitempty"`
	// Format refines a type: "date-time", "int64", "email".
	Format string `json:"format,omitempty"`
	// ContentEncoding is "base64" for a []byte.
	ContentEncoding string `json:"contentEncoding,omitempty"`
	// Enum lists the allowed values.
	Enum []any `json:"enum,omitempty"`
	// Minimum, Maximum, ExclusiveMinimum and ExclusiveMaximum bound a number.
	Minimum          json.Number `json:"minimum,omitempty"`
	Maximum          json.Number `json:"maximum,omitempty"`
	ExclusiveMinimum json.Number `json:"exclusiveMinimum,omitempty"`
	ExclusiveMaximum json.Number `json:"exclusiveMaximum,omitempty"`
	// MinLength and MaxLength bound a string's length in code points.
	MinLength *int `json:"minLength,omitempty"`
	MaxLength *int `json:"maxLength,omitempty"`
	// Pattern is a regular expression a string must match.
	Pattern string `json:"pattern,omitempty"`
	// Items is the schema of an array's elements.
	Items *Schema `json:"items,omitempty"`
	// MinItems and MaxItems bound an array's length.
	MinItems *int `json:"minItems,omitempty"`
	MaxItems *int `json:"maxItems,omitempty"`
	// Properties are an object's named members, in order.
	Properties Properties `json:"properties,omitempty"`
	// Required lists the members an object must have.
	Required []string `json:"required,omitempty"`
	// AdditionalProperties is the schema of an object's other members; the
	// False schema forbids them.
	AdditionalProperties *Schema `json:"additionalProperties,omitempty"`
	// PropertyNames is the schema of an object's member names.
	PropertyNames *Schema `json:"propertyNames,omitempty"`
	// AnyOf lists schemas of which a value matches at least one.
	AnyOf []*Schema `json:"anyOf,omitempty"`
	// Examples are example values, as JSON.
	Examples []any `json:"examples,omitempty"`
	// False makes this the schema false, which no value matches; the other
	// fields are then ignored.
	False bool `json:"-"`
}

// schemaJSON is Schema without its MarshalJSON method.
type schemaJSON Schema

// MarshalJSON writes s, or false for the False schema.
func (s *Schema) MarshalJSON() ([]byte, error) {
	if s.False {
		return []byte("false"), nil
	}
	return marshalJSON((*schemaJSON)(s))
}

// marshalJSON is json.Marshal without HTML escaping, so that a pattern such
// as "^<[a-z]+>$" reads as written; the document's writer decides.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Types is the type keyword: one JSON type name, or several.
type Types []string

// MarshalJSON writes one type as a string and several as an array.
func (t Types) MarshalJSON() ([]byte, error) {
	if len(t) == 1 {
		return json.Marshal(t[0])
	}
	return json.Marshal([]string(t))
}

// Property is one named member of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// Properties are the members of an object schema, in order.
type Properties []Property

// MarshalJSON writes the members as one JSON object, in order.
func (ps Properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := marshalJSON(p.Name)
		if err != nil {
			return nil, err
		}
		value, err := marshalJSON(p.Schema)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Property returns the schema of the member called name, or nil.
func (s *Schema) Property(name string) *Schema {
	for _, p := range s.Properties {
		if p.Name == name {
			return p.Schema
		}
	}
	return nil
}

// nullable returns s made to accept null as well: "null" joins its types
// and its enum; a reference or a schema without a type becomes the anyOf
// of itself and {"type":"null"}.
func nullable(s *Schema) *Schema {
	switch {
	case s.False:
		return &Schema{Type: Types{"null"}}
	case len(s.Type) == 0 && s.Ref == "" && len(s.AnyOf) == 0 && len(s.Enum) == 0:
		return s // no type: it accepts null already
	case len(s.Type) == 0:
		return &Schema{AnyOf: []*Schema{s, {Type: Types{"null"}}}}
	case slices.Contains(s.Type, "null"):
		return s
	}
	s.Type = append(slices.Clip(s.Type), "null")
	if s.Enum != nil {
		s.Enum = append(slices.Clip(s.Enum), nil)
	}
	return s
}
