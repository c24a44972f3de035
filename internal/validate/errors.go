package validate

import (
	"fmt"
	"reflect"
)

// TagError is a validation tag that cannot be compiled: a number that does
// not parse as the field's type, a keyword that does not fit the field, a
// bad regular expression, a minimum above its maximum.
type TagError struct {
	// Type is the struct type that declares the field.
	Type reflect.Type
	// Field is the Go name of the field.
	Field string
	// Tag and Value are the tag at fault and its text; Tag is empty when
	// the problem is the field as a whole.
	Tag, Value string
	// Problem says what is wrong, in words.
	Problem string
}

// Error returns `validate: pkg.Item field Name: tag maxLength:"x": want a
// non-negative integer`.
func (e *TagError) Error() string {
	if e.Tag == "" {
		return fmt.Sprintf("validate: %s field %s: %s", e.Type, e.Field, e.Problem)
	}
	return fmt.Sprintf("validate: %s field %s: tag %s:%q: %s", e.Type, e.Field, e.Tag, e.Value, e.Problem)
}

// EnumError is an Enum method whose values do not fit its type.
type EnumError struct {
	// Type is the type with the Enum method.
	Type reflect.Type
	// Problem says what is wrong, in words.
	Problem string
}

// Error returns "validate: pkg.Color.Enum: ...".
func (e *EnumError) Error() string {
	return fmt.Sprintf("validate: %s.Enum: %s", e.Type, e.Problem)
}

// problem is a TagError in the making: the keyword and what is wrong.
type problem struct {
	tag, value, text string
}

func (p *problem) Error() string { return p.text }

// tagProblem returns a problem with one tag.
func tagProblem(tag, value, format string, args ...any) error {
	return &problem{tag: tag, value: value, text: fmt.Sprintf(format, args...)}
}
