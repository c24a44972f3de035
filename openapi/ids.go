package openapi

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// assignIDs gives each operation without a chosen ID one derived from its
// function's name, else from its method and path, with a number from 2
// when the name is taken. Two operations given the same ID are an error.
func assignIDs(ops []*operation) error {
	taken := map[string]*operation{}
	for _, op := range ops {
		if !op.idGiven {
			continue
		}
		if other := taken[op.OperationID]; other != nil {
			return fmt.Errorf("openapi: %s and %s have the same operation ID %q", other.route, op.route, op.OperationID)
		}
		taken[op.OperationID] = op
	}
	for _, op := range ops {
		if op.idGiven {
			continue
		}
		base := funcID(op.fn)
		if base == "" {
			base = pathID(op.method, op.path)
		}
		id := base
		for n := 2; taken[id] != nil; n++ {
			id = base + strconv.Itoa(n)
		}
		op.OperationID = id
		taken[id] = op
	}
	return nil
}

// funcID returns the name of a function as the runtime spells it, without
// its package, receiver and type arguments: "create" for
// "main.(*stuff).create-fm", "Get" for "example.com/api.Get[...]". A
// function literal ("main.newAPI.func1") has no name: "".
func funcID(fn string) string {
	fn = strings.ReplaceAll(strings.TrimSuffix(fn, "-fm"), "[...]", "")
	fn = fn[strings.LastIndex(fn, "/")+1:]
	name := fn[strings.LastIndex(fn, ".")+1:]
	if name == "" || !isIdentifier(name) {
		return ""
	}
	if digits, ok := strings.CutPrefix(name, "func"); ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
		return ""
	}
	return name
}

// isIdentifier reports whether s is a Go identifier.
func isIdentifier(s string) bool {
	for i, c := range s {
		if c != '_' && !unicode.IsLetter(c) && (i == 0 || !unicode.IsDigit(c)) {
			return false
		}
	}
	return s != ""
}

// pathID returns an ID made of the method and the words of the path:
// "getFilesPath" for GET /files/{path}.
func pathID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	words := strings.FieldsFunc(path, func(c rune) bool { return c > unicode.MaxASCII || !isAlnum(byte(c)) })
	for _, w := range words {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
