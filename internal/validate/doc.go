// Package validate compiles the validation tags of Go types into plans that
// check decoded values, and describes the same rules as JSON Schema
// keywords for the OpenAPI schema generator, so the server and its
// published schema agree.
//
// It is internal: the tags are the public contract, documented in marshal,
// which enforces them on requests, and in openapi, which publishes them.
//
// # Tags
//
// Each tag is named after the JSON Schema (draft 2020-12) keyword it sets,
// and means what the keyword means:
//
//	minimum:"1"  maximum:"100"          numbers: the value is at least / at most
//	exclusiveMinimum:"0"  exclusiveMaximum:"1"   numbers: strictly above / below
//	minLength:"1"  maxLength:"100"      strings: length in Unicode code points
//	pattern:"^[a-z]+$"                  strings: a regexp the value must match (anywhere, unless anchored)
//	format:"email"                      strings: one of Formats
//	enum:"red,green,blue"               strings, numbers, booleans: the allowed values
//	minItems:"1"  maxItems:"10"         slices and arrays: the number of elements
//
// Numbers, enum values included, are parsed as the field's type: a uint8
// field cannot have maximum:"300", an int field cannot have minimum:"0.5".
// Enum values are separated by commas, without spaces; a type whose values
// contain commas lists them with an Enum method instead.
//
// Tags apply to the field's value behind any pointers; a nil pointer (an
// absent or null value) is not checked. On a slice, array or map field,
// minItems and maxItems constrain the container, and the other tags its
// elements (the innermost ones, through nested containers):
//
//	Tags []string `json:"tags" maxItems:"10" maxLength:"20"` // ten tags of at most twenty characters
//
// # Enum methods
//
// A named string, number or boolean type with an Enum() []any method (on
// the value or the pointer) lists its allowed values there; every value of
// the type, wherever it appears, must be one of them. The values must be of
// the type's kind (numbers of its class: signed, unsigned or float) and fit
// it. A field of such a type cannot also have an enum tag.
//
// # Formats
//
//	date-time  RFC 3339, as time.Parse reads time.RFC3339 (the form encoding/json uses for time.Time): "2024-05-01T12:00:00Z"
//	date       RFC 3339 full-date: "2024-05-01"
//	email      a bare address as net/mail parses it: "ann@example.com" (no display name, no quoted local part)
//	uri        an absolute URI: a scheme, only characters RFC 3986 allows, and a structure url.Parse accepts
//	uuid       8-4-4-4-12 hexadecimal digits, either case
//	ipv4       a dotted quad, as net/netip parses it (no leading zeros)
//	ipv6       an IPv6 address as net/netip parses it, without a zone
//
// # Patterns
//
// Patterns use Go's regexp (RE2) syntax, while JSON Schema specifies
// ECMA-262, so a client that validates with the published schema sees the
// pattern through another engine. Keep to the syntax both read alike:
// lookaround and backreferences do not compile in Go (a construction
// error); Go's \A, \z, (?i) and other inline flags, [[:alpha:]] classes and
// \Q...\E do not exist in ECMA-262; \s is ASCII whitespace in Go but
// Unicode whitespace in ECMA-262. Like JSON Schema, a pattern matches
// anywhere in the value unless anchored with ^ and $.
//
// # Plans
//
// Compile walks a type once, following encoding/json's field rules (see
// internal/jsonfield) into nested structs, pointers, slices, arrays and
// maps, and keeps only the paths that lead to a check. A bad tag is an
// error that names the type, the field and the tag. Plan.Check returns
// every failing value with its JSON path ("body.items[2].name"), its rule
// (the keyword) and a message ("must be at most 100 characters"). Values of
// types that decode themselves (json.Unmarshaler, encoding.TextUnmarshaler)
// are checked by their field's tags and Enum method, but not looked into.
package validate
