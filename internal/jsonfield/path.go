package jsonfield

import (
	"strconv"
	"strings"
)

// WriteKey appends the step to object key key of a JSON path, in the style
// of tonic's error messages: ".key" when key is a plain name (ASCII letters,
// digits, '_' and '-'), else `["key"]` with key quoted as Go quotes it.
func WriteKey(b *strings.Builder, key string) {
	plain := key != ""
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			plain = false
			break
		}
	}
	if plain {
		b.WriteByte('.')
		b.WriteString(key)
		return
	}
	b.WriteByte('[')
	b.WriteString(strconv.Quote(key))
	b.WriteByte(']')
}

// WriteIndex appends the step to array element i of a JSON path: "[i]".
func WriteIndex(b *strings.Builder, i int) {
	b.WriteByte('[')
	b.WriteString(strconv.Itoa(i))
	b.WriteByte(']')
}
