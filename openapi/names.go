package openapi

import (
	"path"
	"reflect"
	"strconv"
	"strings"
	"unicode"
)

// componentName returns the name a named type gets among the components:
// its Go name without the package, generic type arguments spelled into it
// ("Page[main.Item]" is "PageItem", "Page[[]main.Item]" "PageListItem",
// "Pair[string,int]" "PairStringInt"), keeping only ASCII letters and
// digits, as component names must match ^[a-zA-Z0-9._-]+$.
func componentName(t reflect.Type) string {
	name := t.Name()
	base, args, generic := strings.Cut(name, "[")
	out := words(base, false)
	if generic {
		out += words(strings.TrimSuffix(args, "]"), true)
	}
	if out == "" {
		return "Schema"
	}
	return out
}

// packageName returns the capitalized name of t's package, from its import
// path: "Models" for "example.com/app/models", "Rand" for "math/rand/v2".
func packageName(t reflect.Type) string {
	p := t.PkgPath()
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	return words(base, true)
}

// words spells the Go type text s as one identifier: qualified names lose
// their package path, "[]" reads "List", "[N]" "Array", "map[" "Map", "*"
// nothing, and other punctuation separates words. With capitalize, each
// word starts upper case.
func words(s string, capitalize bool) string {
	var b strings.Builder
	for s != "" {
		switch {
		case strings.HasPrefix(s, "[]"):
			b.WriteString("List")
			s = s[2:]
		case strings.HasPrefix(s, "map["):
			b.WriteString("Map")
			s = s[4:]
		case s[0] == '[' && len(s) > 1 && s[1] >= '0' && s[1] <= '9':
			b.WriteString("Array")
			end := strings.IndexByte(s, ']')
			if end < 0 {
				end = len(s) - 1
			}
			s = s[end+1:]
		case isNameByte(s[0]):
			end := 0
			for end < len(s) && isNameByte(s[end]) {
				end++
			}
			b.WriteString(ident(s[:end], capitalize))
			s = s[end:]
		default:
			s = s[1:]
		}
	}
	return b.String()
}

// isNameByte reports whether c may be part of a qualified Go name:
// "example.com/app/models.Item".
func isNameByte(c byte) bool {
	return c == '_' || c == '.' || c == '/' || c == '-' || c >= '0' && c <= '9' ||
		c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// ident returns the last element of a qualified name, ASCII letters and
// digits only, capitalized if asked.
func ident(qualified string, capitalize bool) string {
	if i := strings.LastIndexAny(qualified, "./"); i >= 0 {
		qualified = qualified[i+1:]
	}
	var b strings.Builder
	for _, c := range qualified {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			b.WriteRune(c)
		}
	}
	id := b.String()
	if capitalize && id != "" {
		id = strings.ToUpper(id[:1]) + id[1:]
	}
	return id
}

// uniqueName returns name if it is free, else the name with t's package
// name in front, else that followed by the first free number from 2.
func uniqueName(name string, t reflect.Type, taken func(string) bool) string {
	if !taken(name) {
		return name
	}
	qualified := packageName(t) + name
	if !taken(qualified) {
		return qualified
	}
	for i := 2; ; i++ {
		if n := qualified + strconv.Itoa(i); !taken(n) {
			return n
		}
	}
}
