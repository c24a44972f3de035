package client

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/tonic"
)

// maxPlainMessage bounds the message taken from a plain-text error body.
const maxPlainMessage = 512

// errorBody holds the members of tonic's JSON error bodies and of RFC 9457
// problems (with tonic's extension members).
type errorBody struct {
	Error       string             `json:"error"`
	Description string             `json:"description"`
	RequestID   string             `json:"request_id"`
	Fields      []tonic.FieldError `json:"fields"`
	Title       string             `json:"title"`
	Detail      string             `json:"detail"`
}

// ParseError returns the *tonic.Error that an error response with this
// status, header and body describes, as a service's tonic.WriteError wrote
// it: Status is the status; Code the "error" member; Message the
// "description" (JSONErrors) or the "detail", else the "title" (RFC 9457
// ProblemErrors); RequestID the "request_id" member, else the X-Request-ID
// header; Fields the "fields". A text/plain body "code: description", which
// tonic writes to clients that do not accept JSON, gives the code and the
// description; any other plain text, up to 512 bytes, the message. Whatever
// the body, the result has the status, so tonic.StatusOf and errors.As work
// on it.
func ParseError(status int, header http.Header, body []byte) *tonic.Error {
	e := &tonic.Error{Status: status, RequestID: header.Get(reqid.HeaderKey)}
	var b errorBody
	switch {
	case len(body) > 0 && body[0] == '{' && json.Unmarshal(body, &b) == nil:
		e.Code, e.Fields = b.Error, b.Fields
		e.Message = firstOf(b.Description, b.Detail, b.Title)
		if b.RequestID != "" {
			e.RequestID = b.RequestID
		}
	case strings.HasPrefix(header.Get("Content-Type"), "text/plain"):
		e.Code, e.Message = parsePlain(body)
	}
	return e
}

// parsePlain reads a "code: description" line, or takes the text as the
// message.
func parsePlain(body []byte) (code, message string) {
	text := string(bytes.TrimSpace(body))
	if len(text) > maxPlainMessage {
		text = text[:maxPlainMessage]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	if name, desc, ok := strings.Cut(text, ": "); ok && isCode(name) {
		return name, desc
	}
	return "", text
}

// isCode reports whether s looks like an error code: snake_case letters
// and digits.
func isCode(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '_' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// firstOf returns the first non-empty string.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
