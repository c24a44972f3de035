package validate_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/seed78c03fa0/tonic/internal/validate"
)

// Types with one mistake each.
type (
	badNumber struct {
		N int `minimum:"ten"`
	}
	badFraction struct {
		N int `maximum:"1.5"`
	}
	badRange struct {
		N uint8 `maximum:"300"`
	}
	badNegative struct {
		N uint `minimum:"-1"`
	}
	badNaN struct {
		F float64 `minimum:"NaN"`
	}
	badLength struct {
		S string `maxLength:"-1"`
	}
	badLengthKind struct {
		N int `maxLength:"3"`
	}
	badNumberKind struct {
		S string `minimum:"1"`
	}
	badPattern struct {
		S string `pattern:"(?=x)"`
	}
	badFormat struct {
		S string `format:"phone"`
	}
	badFormatKind struct {
		N int `format:"email"`
	}
	badEnumNumber struct {
		N int `enum:"1,two"`
	}
	badEnumSpaces struct {
		S string `enum:"a, b"`
	}
	badEnumEmpty struct {
		S string `enum:"a,,b"`
	}
	badEnumTwice struct {
		S string `enum:"a,a"`
	}
	badEnumBool struct {
		B bool `enum:"yes"`
	}
	badEnumKind struct {
		S struct{ A int } `enum:"a"`
	}
	badEnumWithMethod struct {
		S Suit `enum:"hearts"`
	}
	badItems struct {
		S string `minItems:"1"`
	}
	badBytes struct {
		B []byte `maxLength:"10"`
	}
	badMinMax struct {
		N int `minimum:"5" maximum:"4"`
	}
	badExclusive struct {
		N float64 `exclusiveMinimum:"1" maximum:"1"`
	}
	badLengths struct {
		S string `minLength:"3" maxLength:"2"`
	}
	badItemCounts struct {
		S []int `minItems:"3" maxItems:"2"`
	}
	badIgnored struct {
		S string `json:"-" maxLength:"2"`
	}
	badUnexported struct {
		s string `maxLength:"2"` //lint:ignore U1000 a tag on a field encoding/json ignores, tested on purpose
	}
	badNested struct {
		Items []struct {
			Deep badMinMax
		}
	}
	badEmbedded struct{ embedsBad }
	embedsBad   struct {
		N int `json:"n" minimum:"x"`
	}
	badInterface struct {
		A any `minLength:"1"`
	}
	// Enum methods gone wrong.
	enumFloatForInt int
	enumOverflow    uint8
	enumStruct      struct{ A int }
	enumNil         string
	enumEmpty       string
	badEnumMethods  struct {
		A enumFloatForInt
	}
	badEnumOverflow struct{ A [2]enumOverflow }
	badEnumStruct   struct{ A enumStruct }
	badEnumNil      struct{ A *enumNil }
	badEnumNone     struct{ A map[string]enumEmpty }
)

func (enumFloatForInt) Enum() []any { return []any{1, 2.5} }
func (enumOverflow) Enum() []any    { return []any{1, 256} }
func (enumStruct) Enum() []any      { return []any{enumStruct{}} }
func (enumNil) Enum() []any         { return []any{"a", nil} }
func (enumEmpty) Enum() []any       { return nil }

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	const p = "validate: validate_test."
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"unparsable number", badNumber{}, p + `badNumber field N: tag minimum:"ten": want an integer that fits int`},
		{"fraction for an int", badFraction{}, p + `badFraction field N: tag maximum:"1.5": want an integer that fits int`},
		{"out of the type's range", badRange{}, p + `badRange field N: tag maximum:"300": want a non-negative integer that fits uint8`},
		{"negative for a uint", badNegative{}, p + `badNegative field N: tag minimum:"-1": want a non-negative integer that fits uint`},
		{"NaN bound", badNaN{}, p + `badNaN field F: tag minimum:"NaN": want a finite number`},
		{"negative length", badLength{}, p + `badLength field S: tag maxLength:"-1": want a non-negative integer`},
		{"length on a number", badLengthKind{}, p + `badLengthKind field N: tag maxLength:"3": applies to strings, and this is an integer field (int)`},
		{"bound on a string", badNumberKind{}, p + `badNumberKind field S: tag minimum:"1": applies to numbers, and this is a string field`},
		{"bad regexp", badPattern{}, p + `badPattern field S: tag pattern:"(?=x)": error parsing regexp: invalid or unsupported Perl syntax: ` + "`(?=`"},
		{"unknown format", badFormat{}, p + `badFormat field S: tag format:"phone": unknown format, want one of date-time, date, email, uri, uuid, ipv4, ipv6`},
		{"format on a number", badFormatKind{}, p + `badFormatKind field N: tag format:"email": applies to strings, and this is an integer field (int)`},
		{"enum value of the wrong type", badEnumNumber{}, p + `badEnumNumber field N: tag enum:"1,two": value "two" is not an integer that fits int`},
		{"enum with spaces", badEnumSpaces{}, p + `badEnumSpaces field S: tag enum:"a, b": value " b" has surrounding spaces; write the values as a,b,c`},
		{"enum with an empty value", badEnumEmpty{}, p + `badEnumEmpty field S: tag enum:"a,,b": has an empty value; list values as a,b,c, or give the type an Enum method`},
		{"enum value twice", badEnumTwice{}, p + `badEnumTwice field S: tag enum:"a,a": value "a" is given twice`},
		{"enum bool", badEnumBool{}, p + `badEnumBool field B: tag enum:"yes": value "yes" is not true or false`},
		{"enum on a struct", badEnumKind{}, p + `badEnumKind field S: tag enum:"a": applies to strings, numbers and booleans, and this is an object field (struct { A int })`},
		{"enum tag and method", badEnumWithMethod{}, p + `badEnumWithMethod field S: tag enum:"hearts": the field's type validate_test.Suit has an Enum method, which lists its values; drop the tag`},
		{"items on a string", badItems{}, p + `badItems field S: tag minItems:"1": applies to arrays, and this is a string field`},
		{"tags on bytes", badBytes{}, p + `badBytes field B: tag maxLength:"10": the field is []uint8, a base64 string in JSON, which validation tags do not describe`},
		{"minimum above maximum", badMinMax{}, p + `badMinMax field N: tag minimum:"5": is above maximum 4, so no value could pass`},
		{"exclusive bounds meet", badExclusive{}, p + `badExclusive field N: tag exclusiveMinimum:"1": equals maximum 1, so no value could pass`},
		{"minLength above maxLength", badLengths{}, p + `badLengths field S: tag minLength:"3": is above maxLength 2, so no value could pass`},
		{"minItems above maxItems", badItemCounts{}, p + `badItemCounts field S: tag minItems:"3": is above maxItems 2, so no value could pass`},
		{"tag on a skipped field", badIgnored{}, p + `badIgnored field S: has validation tags, but encoding/json ignores the field (unexported, tagged json:"-", or hidden by another field of its name)`},
		{"tag on an unexported field", badUnexported{}, p + `badUnexported field s: has validation tags, but encoding/json ignores the field (unexported, tagged json:"-", or hidden by another field of its name)`},
		{"nested deep", badNested{}, p + `badMinMax field N: tag minimum:"5": is above maximum 4, so no value could pass`},
		{"promoted field names its declaring type", badEmbedded{}, p + `embedsBad field N: tag minimum:"x": want an integer that fits int`},
		{"tag on an interface", badInterface{}, p + `badInterface field A: tag minLength:"1": applies to strings, and this is a field of type interface {}`},
		{"Enum method: float for an int", badEnumMethods{}, p + `enumFloatForInt.Enum: value 1 is float64, want a validate_test.enumFloatForInt`},
		{"Enum method: overflow", badEnumOverflow{}, p + `enumOverflow.Enum: value 1 is 256, which does not fit validate_test.enumOverflow`},
		{"Enum method on a struct", badEnumStruct{}, p + `enumStruct.Enum: the type is a struct; want a string, number or boolean type`},
		{"Enum method: nil", badEnumNil{}, p + `enumNil.Enum: value 1 is nil, want a validate_test.enumNil`},
		{"Enum method: no values", badEnumNone{}, p + `enumEmpty.Enum: has no values`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := validate.Compile(reflect.TypeOf(tt.value))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v,\nwant %s", err, tt.want)
			}
			var te *validate.TagError
			var ee *validate.EnumError
			if !errors.As(err, &te) && !errors.As(err, &ee) {
				t.Errorf("got %T, want a *TagError or *EnumError", err)
			}
		})
	}
}

func TestFieldRules(t *testing.T) {
	t.Parallel()
	sf, _ := reflect.TypeFor[items]().FieldByName("Tags")
	r, err := validate.FieldRules(reflect.TypeFor[items](), sf)
	if err != nil {
		t.Fatal(err)
	}
	if *r.MinItems != 1 || *r.MaxItems != 2 || r.MaxLength != nil || r.Elem == nil || *r.Elem.MaxLength != 3 {
		t.Errorf("got %+v (elem %+v), want minItems 1 and maxItems 2 on the slice, maxLength 3 on its elements", r.Keywords, r.Elem)
	}
	sf, _ = reflect.TypeFor[enums]().FieldByName("Level")
	r, _ = validate.FieldRules(reflect.TypeFor[enums](), sf)
	if len(r.Enum) != 3 || string(r.Enum[2].(json.RawMessage)) != "3" {
		t.Errorf("got enum %v, want the JSON of 1, 2, 3", r.Enum)
	}
	sf, _ = reflect.TypeFor[numbers]().FieldByName("ExMin")
	r, _ = validate.FieldRules(reflect.TypeFor[numbers](), sf)
	if r.ExclusiveMinimum != "0" || r.Minimum != "" {
		t.Errorf("got %+v, want exclusiveMinimum 0 only", r.Keywords)
	}
}
