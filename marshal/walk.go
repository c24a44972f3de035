package marshal

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
)

// maxDepth is the deepest nesting the walker follows, as deep as
// encoding/json goes.
const maxDepth = 10000

var (
	// errMalformed is returned by the walker for input that is not JSON. The
	// walker runs on bodies the codec has accepted, so this is a fallback.
	errMalformed = errors.New("malformed JSON")
	// errStop ends a walk early: a problem or the located place was found.
	errStop = errors.New("stop")
)

// fieldError is a problem with one value of the request, named by its path
// ("body.items[2].name", "query.limit").
type fieldError struct {
	path, problem string
}

// Error returns "path: problem".
func (e *fieldError) Error() string { return e.path + ": " + e.problem }

// keyRef is an object key: its raw bytes in the document, and its decoded
// text when it has escapes.
type keyRef struct {
	start, end int // the bytes between the quotes
	escaped    bool
	unescaped  string
}

// segment is one step of a JSON path, an object key or an array index,
// linked to its parent. Only locate mode builds segments.
type segment struct {
	parent *segment
	name   string // the key, when isKey
	index  int    // array index, when !isKey
	isKey  bool   // the step is an object key
	field  bool   // the key names a struct field
}

// walker walks a JSON document once, without building values. In check mode
// it finds the first unknown or repeated key without allocating; in locate
// mode it keeps the path and finds the path of a key, or of the innermost
// value around a byte offset. It never panics, even on input that is not
// JSON.
type walker struct {
	data []byte
	pos  int
	// check mode: the first problem and where its key starts, or where in
	// a string it is
	problem         string
	problemAt       int
	problemInString bool
	// locate mode
	locate bool
	keyAt  int // find the key whose opening quote is here, or -1
	off    int // else find the innermost value around this offset
	found  bool
	where  string // path of what was found
	field  string // innermost struct field on that path
}

// checkKeys reports the first key of data, a JSON document the codec has
// decoded into a value of shape sh, that sh does not accept: a key that is
// not a field's exact JSON name, or a key repeated in one object; or the
// first string, key or value, whose text is not valid UTF-8 (see str).
func checkKeys(data []byte, sh *shape) error {
	w := walker{data: data}
	err := w.value(sh, nil, 0)
	switch {
	case errors.Is(err, errStop) && w.problemInString:
		where, _ := locate(data, w.problemAt, sh)
		return &fieldError{path: where, problem: w.problem}
	case errors.Is(err, errStop):
		loc := walker{data: data, locate: true, keyAt: w.problemAt}
		_ = loc.value(sh, nil, 0)
		return &fieldError{path: loc.where, problem: w.problem}
	case err != nil:
		return err
	}
	w.space()
	if w.pos != len(data) {
		return errMalformed
	}
	return nil
}

// locate returns the JSON path of the innermost value of data that spans
// the byte offset off reported by encoding/json (the value starts before off
// and ends at or after it), and the JSON name of the innermost struct field
// on that path ("" if none).
func locate(data []byte, off int, sh *shape) (path, field string) {
	w := walker{data: data, locate: true, keyAt: -1, off: off}
	_ = w.value(sh, nil, 0)
	if !w.found {
		return "body", ""
	}
	return w.where, w.field
}

// value walks one JSON value of shape sh, at the path ending in at.
func (w *walker) value(sh *shape, at *segment, depth int) error {
	if depth > maxDepth {
		return &fieldError{path: "body", problem: "nested too deeply"}
	}
	w.space()
	if w.pos >= len(w.data) {
		return errMalformed
	}
	start := w.pos
	var err error
	switch w.data[w.pos] {
	case '{':
		err = w.object(sh, at, depth)
	case '[':
		err = w.array(sh, at, depth)
	case '"':
		_, err = w.str()
	default:
		err = w.literal()
	}
	if err == nil && w.locate && w.keyAt < 0 && start < w.off && w.off <= w.pos {
		w.found, w.where, w.field = true, path(at), innermostField(at)
		return errStop
	}
	return err
}

// object walks an object; w.pos is at '{'.
func (w *walker) object(sh *shape, parent *segment, depth int) error {
	w.pos++
	var seen keySet
	w.space()
	if w.peek() == '}' {
		w.pos++
		return nil
	}
	for {
		w.space()
		quote := w.pos
		k, err := w.key()
		if err != nil {
			if w.problemInString {
				w.problem = "in a key, " + w.problem
			}
			return err
		}
		w.space()
		if w.peek() != ':' {
			return errMalformed
		}
		w.pos++
		child, field, problem := w.member(sh, k, &seen)
		var seg *segment
		if w.locate {
			seg = &segment{parent: parent, name: k.text(w.data), isKey: true, field: field}
			if quote == w.keyAt {
				w.found, w.where = true, path(seg)
				return errStop
			}
		} else if problem != "" {
			w.problem, w.problemAt = problem, quote
			return errStop
		}
		if err := w.value(child, seg, depth+1); err != nil {
			return err
		}
		if done, err := w.next('}'); done || err != nil {
			return err
		}
	}
}

// array walks an array; w.pos is at '['.
func (w *walker) array(sh *shape, parent *segment, depth int) error {
	w.pos++
	var elem *shape
	if sh != nil && sh.kind == shapeList {
		elem = sh.elem
	} else if sh != nil && sh.kind == shapeAny {
		elem = sh
	}
	w.space()
	if w.peek() == ']' {
		w.pos++
		return nil
	}
	for i := 0; ; i++ {
		var seg *segment
		if w.locate {
			seg = &segment{parent: parent, index: i}
		}
		if err := w.value(elem, seg, depth+1); err != nil {
			return err
		}
		if done, err := w.next(']'); done || err != nil {
			return err
		}
	}
}

// next consumes the ',' between members or the closing byte.
func (w *walker) next(closing byte) (done bool, err error) {
	w.space()
	switch w.peek() {
	case ',':
		w.pos++
		return false, nil
	case closing:
		w.pos++
		return true, nil
	}
	return true, errMalformed
}

// member checks key k against sh. It returns the shape of the key's value,
// whether k names a struct field, and what is wrong with k, if anything.
func (w *walker) member(sh *shape, k keyRef, seen *keySet) (child *shape, field bool, problem string) {
	if sh == nil {
		return nil, false, ""
	}
	switch sh.kind {
	case shapeStruct:
		f, ok := w.lookup(sh, k)
		if !ok {
			return nil, false, unknownField(sh, k.text(w.data))
		}
		if seen.addSlot(f.slot) {
			return nil, true, "duplicate key"
		}
		return f.shape, true, ""
	case shapeMap, shapeAny:
		if seen.addKey(k.text(w.data)) {
			return nil, false, "duplicate key"
		}
		if sh.kind == shapeAny {
			return sh, false, ""
		}
		return sh.elem, false, ""
	}
	return nil, false, ""
}

// lookup finds the struct field named by k without allocating.
func (w *walker) lookup(sh *shape, k keyRef) (fieldShape, bool) {
	if k.escaped {
		f, ok := sh.fields[k.unescaped]
		return f, ok
	}
	f, ok := sh.fields[string(w.data[k.start:k.end])]
	return f, ok
}

// unknownField describes key, which struct shape sh lacks, with a hint when
// it differs from a field name only in case.
func unknownField(sh *shape, key string) string {
	for _, name := range sh.names {
		if strings.EqualFold(name, key) {
			return "unknown field (did you mean " + strconv.Quote(name) + "?)"
		}
	}
	return "unknown field"
}

// key reads an object key; w.pos is at its opening quote.
func (w *walker) key() (keyRef, error) {
	start := w.pos + 1
	escaped, err := w.str()
	if err != nil {
		return keyRef{}, err
	}
	k := keyRef{start: start, end: w.pos - 1, escaped: escaped}
	if escaped {
		k.unescaped, err = unescape(w.data[start-1 : w.pos])
	}
	return k, err
}

// unescape decodes a quoted JSON string.
func unescape(quoted []byte) (string, error) {
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return "", errMalformed
	}
	return s, nil
}

// text returns the key's text.
func (k keyRef) text(data []byte) string {
	if k.escaped {
		return k.unescaped
	}
	return string(data[k.start:k.end])
}

// innermostField returns the last struct field name on the path to at.
func innermostField(at *segment) string {
	for seg := at; seg != nil; seg = seg.parent {
		if seg.field {
			return seg.name
		}
	}
	return ""
}

// path returns the JSON path to at, "body.items[2].name".
func path(at *segment) string {
	var b strings.Builder
	b.WriteString("body")
	writePath(&b, at)
	return b.String()
}

// writePath appends the steps from the root to at.
func writePath(b *strings.Builder, at *segment) {
	if at == nil {
		return
	}
	writePath(b, at.parent)
	if at.isKey {
		jsonfield.WriteKey(b, at.name)
		return
	}
	jsonfield.WriteIndex(b, at.index)
}

// str skips a string; w.pos is at its opening quote. It reports whether
// the string has escapes. In check mode it also stops at text that
// encoding/json would silently replace with U+FFFD: bytes that are not
// UTF-8, and \u escapes that leave half of a UTF-16 surrogate pair.
func (w *walker) str() (escaped bool, err error) {
	if w.peek() != '"' {
		return false, errMalformed
	}
	for w.pos++; w.pos < len(w.data); w.pos++ {
		switch c := w.data[w.pos]; {
		case c == '"':
			w.pos++
			return escaped, nil
		case c == '\\':
			escaped = true
			if !w.locate && w.peekAt(1) == 'u' {
				if problem := w.surrogate(); problem != "" {
					return false, w.badString(problem)
				}
			}
			w.pos++
		case c >= utf8.RuneSelf && !w.locate:
			r, size := utf8.DecodeRune(w.data[w.pos:])
			if r == utf8.RuneError && size == 1 {
				return false, w.badString("not valid UTF-8")
			}
			w.pos += size - 1
		}
	}
	return false, errMalformed
}

// surrogate checks the \u escape at w.pos: it returns what is wrong when
// the escape is half of a surrogate pair whose other half is missing, and
// moves w.pos past the first half of a good pair.
func (w *walker) surrogate() string {
	r, ok := w.hex4(w.pos + 2)
	switch {
	case !ok || r < 0xD800 || r > 0xDFFF:
		return ""
	case r >= 0xDC00:
		return fmt.Sprintf("\\u%04x is the second half of a UTF-16 surrogate pair, without the first", r)
	}
	if w.peekAt(6) == '\\' && w.peekAt(7) == 'u' {
		if low, ok := w.hex4(w.pos + 8); ok && low >= 0xDC00 && low <= 0xDFFF {
			w.pos += 6 // past the first half; the loop skips the second
			return ""
		}
	}
	return fmt.Sprintf("\\u%04x is the first half of a UTF-16 surrogate pair, without the second", r)
}

// hex4 reads the four hex digits at i.
func (w *walker) hex4(i int) (rune, bool) {
	if i+4 > len(w.data) {
		return 0, false
	}
	var r rune
	for _, c := range w.data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// peekAt returns the byte at w.pos+d, or 0 past the end.
func (w *walker) peekAt(d int) byte {
	if w.pos+d < len(w.data) {
		return w.data[w.pos+d]
	}
	return 0
}

// badString records a string whose text is wrong at w.pos and stops the
// walk; checkKeys names the string by the value around that place.
func (w *walker) badString(problem string) error {
	w.problem, w.problemAt, w.problemInString = problem, w.pos, true
	return errStop
}

// literal skips a number, true, false or null.
func (w *walker) literal() error {
	start := w.pos
	for w.pos < len(w.data) && !strings.ContainsRune(",]} \t\r\n", rune(w.data[w.pos])) {
		w.pos++
	}
	if w.pos == start {
		return errMalformed
	}
	return nil
}

// space skips JSON whitespace.
func (w *walker) space() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\r', '\n':
			w.pos++
		default:
			return
		}
	}
}

// peek returns the byte at w.pos, or 0 at the end.
func (w *walker) peek() byte {
	if w.pos < len(w.data) {
		return w.data[w.pos]
	}
	return 0
}

// keySet records the keys seen in one object: struct slots in a bitmap,
// other keys in a map made on first use.
type keySet struct {
	low  uint64
	high map[int]bool
	keys map[string]bool
}

// addSlot marks slot as seen and reports whether it already was.
func (s *keySet) addSlot(slot int) (dup bool) {
	if slot < 64 {
		dup = s.low&(1<<slot) != 0
		s.low |= 1 << slot
		return dup
	}
	if s.high == nil {
		s.high = map[int]bool{}
	}
	dup = s.high[slot]
	s.high[slot] = true
	return dup
}

// addKey marks key as seen and reports whether it already was.
func (s *keySet) addKey(key string) (dup bool) {
	if s.keys == nil {
		s.keys = map[string]bool{}
	}
	dup = s.keys[key]
	s.keys[key] = true
	return dup
}
