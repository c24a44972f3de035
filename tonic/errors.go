package tonic

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
)

// Error is tonic's one HTTP-aware error type: a status, a public message and
// an optional wrapped cause. Because it carries its own status, its Message is
// public: it is shown to clients whatever the status. The wrapped cause Err is
// for logs and for errors.Is and errors.As, and is never shown to clients.
//
// Error implements the StatusCoder and Namer interfaces that Tiger Tonic's
// users already know, so a status travels through fmt.Errorf("%w") wrapping.
type Error struct {
	// Status is the HTTP status code. Values outside 100-599 mean 500.
	Status int
	// Code is the machine-readable name, e.g. "stuff_not_found". Defaults to
	// the status text in snake_case ("not_found").
	Code string
	// Message is the public description. Defaults to the status text.
	Message string
	// Err is the wrapped cause, kept for logs and error inspection.
	Err error
	// Fields lists the invalid values of a request, one entry each; error
	// writers show them as the "fields" member of the body. Public, like
	// Message.
	Fields []FieldError
	// RequestID is the ID of the request that failed, as a client read it
	// from an error response (package client sets it). Error writers ignore
	// it: they write the ID of the request they answer.
	RequestID string
}

// FieldError is one invalid value of a request: where it is, the rule it
// breaks and what is wrong, in words.
type FieldError struct {
	// Path names the value by its JSON path, with the request part first:
	// "body.items[2].name", "query.limit", "path.id", "header.X-Token".
	Path string `json:"path"`
	// Rule is the machine-readable name of the rule, such as the JSON
	// Schema keyword "maxLength".
	Rule string `json:"rule"`
	// Message is for people: "must be at most 100 characters".
	Message string `json:"message"`
}

// FieldsOf returns the Fields of the *Error that err is or wraps, if any.
func FieldsOf(err error) []FieldError {
	if e, ok := err.(*Error); ok { // the common case, without errors.As's allocation
		return e.Fields
	}
	var e *Error
	if err != nil && errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// StatusCoder is implemented by errors that carry their own HTTP status, like
// *Error and Tiger Tonic's error types. Such an error's message is public.
type StatusCoder interface {
	StatusCode() int
}

// Namer is implemented by errors that name themselves. The name is put in
// snake_case and becomes the "error" member of the response body.
type Namer interface {
	Name() string
}

// NewError returns an *Error with the given status and public message.
func NewError(status int, message string) *Error {
	return &Error{Status: status, Message: message}
}

// Errorf returns an *Error with the given status whose public message is
// formatted as fmt.Errorf formats it, except that the text of the errors
// given for %w verbs is left out: those are the causes, which become Err
// (joined when there are several), for logs and for errors.Is and errors.As,
// and never reach a client. Separators left dangling by the omission (": ")
// are trimmed, so
//
//	Errorf(500, "loading stuff: %w", dbErr)
//
// has the message "loading stuff" and the Error() "loading stuff: " followed
// by dbErr's text. Use %v for an error whose text is meant to be public.
func Errorf(status int, format string, args ...any) *Error {
	marks := make([]any, len(args))
	for i, a := range args {
		if err, ok := a.(error); ok {
			a = &causeMark{err: err}
		}
		marks[i] = a
	}
	wrapped := fmt.Errorf(format, marks...) // finds the %w operands
	var causes []error
	for _, u := range unwrapAll(wrapped) {
		if m, ok := u.(*causeMark); ok {
			m.hidden = true
			causes = append(causes, m.err)
		}
	}
	e := &Error{Status: status}
	switch len(causes) {
	case 0:
		e.Message = wrapped.Error()
		return e
	case 1:
		e.Err = causes[0]
	default:
		e.Err = errors.Join(causes...)
	}
	e.Message = trimSeparators(fmt.Errorf(format, marks...).Error())
	return e
}

// causeMark stands for an error argument of Errorf, so that the operands of
// %w can be told from those of other verbs and left out of the message.
type causeMark struct {
	err    error
	hidden bool // the error is a %w operand: print nothing
}

func (m *causeMark) Error() string { return m.err.Error() }

// Format prints the error as the verb asks, or nothing once hidden.
func (m *causeMark) Format(f fmt.State, verb rune) {
	if !m.hidden {
		fmt.Fprintf(f, fmt.FormatString(f, verb), m.err)
	}
}

// unwrapAll returns what err wraps directly: one error or several.
func unwrapAll(err error) []error {
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}

// trimSeparators trims the spaces and punctuation that a left-out cause
// leaves at either end of a message ("loading stuff: " is "loading stuff").
func trimSeparators(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ':' || r == ';' || r == ',' || r == '-'
	})
}

// WrapError returns an *Error with the given status and public message that
// wraps err. The message of err stays private.
func WrapError(status int, err error, message string) *Error {
	return &Error{Status: status, Message: message, Err: err}
}

// Error returns the message followed by the wrapped cause, for logs.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode())
	}
	if e.Err == nil || e.Err.Error() == msg {
		return msg
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// StatusCode returns Status, or 500 when Status is not a valid HTTP status.
func (e *Error) StatusCode() int {
	if !validStatus(e.Status) {
		return http.StatusInternalServerError
	}
	return e.Status
}

// Name returns Code, or the status text in snake_case when Code is empty.
func (e *Error) Name() string {
	if e.Code != "" {
		return e.Code
	}
	return statusName(e.StatusCode())
}

// StatusOf returns the status carried by err or by any error it wraps (the
// first StatusCoder found by errors.As), and whether there was one. A carried
// status outside 100-599 is reported as 500.
func StatusOf(err error) (int, bool) {
	if e, ok := err.(*Error); ok { // the common case, without errors.As's allocation
		return e.StatusCode(), true
	}
	var sc StatusCoder
	if err == nil || !errors.As(err, &sc) {
		return 0, false
	}
	if s := sc.StatusCode(); validStatus(s) {
		return s, true
	}
	return http.StatusInternalServerError, true
}

// ResolveStatus returns the status a response for err must have, given the
// status a handler asked for: the status err carries wins; otherwise the
// asked-for status, except that a status below 400 or an invalid one given
// with an error becomes 500. With a nil error, an invalid status becomes 500.
// An informational 1xx status, carried or asked for, becomes 500 too: it
// cannot end a response (net/http would send it as an interim response and
// the error body under an implicit 200).
func ResolveStatus(status int, err error) int {
	if s, ok := StatusOf(err); ok {
		status = s
	} else if err != nil && status < 400 {
		return http.StatusInternalServerError
	}
	if !validStatus(status) || status < 200 {
		return http.StatusInternalServerError
	}
	return status
}

// Describe returns the public name and description of err for a response
// with the given status. The name is the error's own Name (see Namer) or the
// status text, in snake_case. The description is public when err carries its
// own status (see StatusCoder) or when status is below 500; otherwise it is
// the generic status text and the detail belongs in the logs. Go type names
// never appear.
func Describe(status int, err error) (name, description string) {
	if e, ok := err.(*Error); ok { // the common case, without errors.As's allocations
		name, description = e.Name(), e.Message
		if description == "" {
			description = http.StatusText(e.StatusCode())
		}
		if e.Code != "" {
			name = snakeCase(e.Code)
		}
		return name, description
	}
	name = statusName(status)
	var n Namer
	if err != nil && errors.As(err, &n) {
		if s := snakeCase(n.Name()); s != "" {
			name = s
		}
	}
	description = http.StatusText(status)
	if description == "" {
		description = "error"
	}
	if err == nil {
		return name, description
	}
	var sc StatusCoder
	switch {
	case errors.As(err, &sc):
		if e, ok := sc.(*Error); ok {
			if e.Message != "" {
				description = e.Message
			}
		} else if m, ok := sc.(error); ok && m.Error() != "" {
			description = m.Error()
		}
	case status < 500:
		description = err.Error()
	}
	return name, description
}

// validStatus reports whether s is a three-digit HTTP status code.
func validStatus(s int) bool { return s >= 100 && s <= 599 }

// statusName returns the snake_case name of a status, "error" when unknown.
func statusName(status int) string {
	switch status { // the common ones, without snakeCase's allocation
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusNotAcceptable:
		return "not_acceptable"
	case http.StatusConflict:
		return "conflict"
	case http.StatusRequestEntityTooLarge:
		return "request_entity_too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusUnprocessableEntity:
		return "unprocessable_entity"
	case http.StatusTooManyRequests:
		return "too_many_requests"
	case http.StatusInternalServerError:
		return "internal_server_error"
	case http.StatusServiceUnavailable:
		return "service_unavailable"
	}
	if name := snakeCase(http.StatusText(status)); name != "" {
		return name
	}
	return "error"
}

// snakeCase turns "Not Found", "I'm a teapot", "NotFound" and
// "validator.Errors" into "not_found", "im_a_teapot", "not_found" and
// "validator_errors": letters and digits are kept, a lower-to-upper change
// starts a word, anything else separates words, and apostrophes vanish.
func snakeCase(s string) string {
	if isSnakeCase(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	pendingSep := false
	var prev rune
	for _, c := range s {
		switch {
		case c == '\'' || c == '\u2019':
			continue
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if unicode.IsUpper(c) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
				pendingSep = true
			}
			if pendingSep && b.Len() > 0 {
				b.WriteByte('_')
			}
			pendingSep = false
			b.WriteRune(unicode.ToLower(c))
		default:
			pendingSep = true
		}
		prev = c
	}
	return b.String()
}

// isSnakeCase reports whether snakeCase(s) is s itself: s is made of
// lowercase ASCII letters and digits, in words joined by single '_'.
func isSnakeCase(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '_' && i > 0 && i < len(s)-1 && s[i-1] != '_':
		default:
			return false
		}
	}
	return true
}
