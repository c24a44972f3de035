package marshal

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
	"github.com/seed78c03fa0/tonic/tonic"
)

// decodeBody reads r's body, if it has one, and decodes it into target, a
// pointer. It returns a 4xx *tonic.Error naming what is wrong.
func (h *Handler) decodeBody(w http.ResponseWriter, r *http.Request, target any) error {
	if !hasBody(r) {
		return nil
	}
	ct := r.Header["Content-Type"]
	if err := contentTypeError(ct); err != nil {
		return err
	}
	bp := h.buffers.Get().(*[]byte)
	defer h.putBuffer(bp)
	data, err := readBody(w, r, (*bp)[:0], h.maxBody)
	*bp = data
	switch {
	case err != nil:
		return err
	case len(data) == 0:
		return nil
	case len(ct) == 0:
		return tonic.NewError(http.StatusUnsupportedMediaType, "Content-Type is missing, want application/json")
	}
	return h.unmarshal(data, target)
}

// maxPooledBuffer is the largest body buffer kept for reuse.
const maxPooledBuffer = 64 << 10

// putBuffer returns a body buffer to the pool unless it grew too large.
func (h *Handler) putBuffer(bp *[]byte) {
	if cap(*bp) <= maxPooledBuffer {
		*bp = (*bp)[:0]
		h.buffers.Put(bp)
	}
}

// unmarshal decodes data into target and checks its keys.
func (h *Handler) unmarshal(data []byte, target any) error {
	err := h.codec.Unmarshal(data, target)
	if err == nil {
		if err := checkKeys(data, h.req.shape); err != nil {
			return bodyError(err)
		}
		return nil
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return tonic.WrapError(http.StatusBadRequest, err,
			fmt.Sprintf("body: malformed JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: ")))
	}
	// The body is well-formed JSON: an unknown or repeated key is the first
	// thing to report, as the value was meant for some other field.
	if kerr := checkKeys(data, h.req.shape); kerr != nil && !errors.Is(kerr, errMalformed) {
		return bodyError(kerr)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return bodyError(typeError(data, typ, h.req.shape))
	}
	return tonic.WrapError(http.StatusBadRequest, err, "body: "+publicMessage(err))
}

// publicMessage describes a decoding error that is neither a syntax nor a
// type error. encoding/json's own such errors ("json: cannot set embedded
// pointer to unexported struct: pkg.T") name Go types, so only their gist is
// shown; the message of an UnmarshalJSON method or another codec is shown as
// it is. The whole error stays wrapped for the log.
func publicMessage(err error) string {
	if strings.HasPrefix(err.Error(), "json: ") {
		return "invalid value"
	}
	return err.Error()
}

// bodyError makes a 400 from a walker or type error.
func bodyError(err error) error {
	if errors.Is(err, errMalformed) {
		return tonic.WrapError(http.StatusBadRequest, err, "body: malformed JSON")
	}
	return tonic.WrapError(http.StatusBadRequest, err, err.Error())
}

// typeError names, in JSON terms, the value that encoding/json could not
// store: its path, what it was and what the field wants. The path comes from
// the error's offset, checked against the field name encoding/json reports
// (a custom UnmarshalJSON method may report offsets into other data).
func typeError(data []byte, e *json.UnmarshalTypeError, sh *shape) *fieldError {
	path, field := locate(data, int(e.Offset), sh)
	if e.Field != "" {
		last := e.Field[strings.LastIndexByte(e.Field, '.')+1:]
		if last != field {
			path = "body"
			var b strings.Builder
			b.WriteString("body")
			jsonfield.WriteKey(&b, last)
			path = b.String()
		}
	}
	return &fieldError{path: path, problem: "got " + jsonValue(e.Value) + ", want " + jsonKind(e.Type)}
}

// jsonValue turns encoding/json's description of a value ("bool",
// "number 3.5") into JSON terms.
func jsonValue(v string) string {
	if rest, ok := strings.CutPrefix(v, "bool"); ok {
		return "boolean" + rest
	}
	return v
}

// jsonKind describes, in JSON terms, the values a Go type accepts.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	if decodesItself(t) && t.Kind() != reflect.Pointer {
		if t.Implements(textUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
			return "a string"
		}
		return "another type"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intRange(t.Bits(), false)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return intRange(t.Bits(), true)
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another type"
}
