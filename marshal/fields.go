package marshal

import (
	"reflect"
	"strings"
	"unicode"
)

// jsonField is a struct field as encoding/json sees it: its JSON name, the
// index path from the outer struct, and whether the name came from a tag.
type jsonField struct {
	name   string
	index  []int
	typ    reflect.Type
	tagged bool
}

// jsonFields returns the fields of struct type t that encoding/json decodes,
// following the rules its Marshal documentation states: exported fields and
// the exported fields of embedded structs (also unexported ones), named by
// the "json" tag or the Go name; "-" skips a field; an embedded struct with a
// tag name is a plain field; of several fields with one name, the shallowest
// wins, then the only tagged one, else all are dropped. skip reports the
// fields the caller binds elsewhere (parameters); they are left out.
func jsonFields(t reflect.Type, skip func(reflect.StructField) bool) []jsonField {
	type level struct {
		typ   reflect.Type
		index []int
	}
	var found []jsonField
	current := []level{{typ: t}}
	visited := map[reflect.Type]bool{}
	for len(current) > 0 {
		var next []level
		seen := map[reflect.Type]int{}
		for _, lv := range current {
			seen[lv.typ]++
		}
		var here []jsonField
		for _, lv := range current {
			if visited[lv.typ] {
				continue
			}
			visited[lv.typ] = true
			for i := 0; i < lv.typ.NumField(); i++ {
				sf := lv.typ.Field(i)
				index := append(append([]int(nil), lv.index...), i)
				f, embedded, ok := fieldOf(sf, index, skip)
				switch {
				case !ok:
				case embedded != nil:
					next = append(next, level{typ: embedded, index: index})
				default:
					here = append(here, f)
					if seen[lv.typ] > 1 { // a type embedded twice at one level: its fields collide
						here = append(here, f)
					}
				}
			}
		}
		found = append(found, dominant(here, found)...)
		current = next
	}
	return found
}

// fieldOf classifies one struct field: a named JSON field, an embedded struct
// to traverse (embedded != nil), or nothing (ok false).
func fieldOf(sf reflect.StructField, index []int, skip func(reflect.StructField) bool) (f jsonField, embedded reflect.Type, ok bool) {
	ft := sf.Type
	if sf.Anonymous && ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if (sf.Anonymous && !sf.IsExported() && ft.Kind() != reflect.Struct) || (!sf.Anonymous && !sf.IsExported()) {
		return f, nil, false
	}
	tag := sf.Tag.Get("json")
	if tag == "-" || (skip != nil && skip(sf)) {
		return f, nil, false
	}
	name, _, _ := strings.Cut(tag, ",")
	if !validTagName(name) {
		name = ""
	}
	if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
		return f, ft, true
	}
	f = jsonField{name: name, index: index, typ: sf.Type, tagged: name != ""}
	if f.name == "" {
		f.name = sf.Name
	}
	return f, nil, true
}

// dominant keeps, of the fields found at one depth, those whose name is not
// already taken by a shallower field and is not ambiguous at this depth.
func dominant(here, shallower []jsonField) []jsonField {
	taken := make(map[string]bool, len(shallower))
	for _, f := range shallower {
		taken[f.name] = true
	}
	byName := map[string][]jsonField{}
	var order []string
	for _, f := range here {
		if taken[f.name] {
			continue
		}
		if _, ok := byName[f.name]; !ok {
			order = append(order, f.name)
		}
		byName[f.name] = append(byName[f.name], f)
	}
	var keep []jsonField
	for _, name := range order {
		if f, ok := sole(byName[name]); ok {
			keep = append(keep, f)
		}
	}
	// A name that was ambiguous at this depth still hides deeper fields.
	for _, name := range order {
		if _, ok := sole(byName[name]); !ok {
			keep = append(keep, jsonField{name: name})
		}
	}
	return keep
}

// sole returns the one field that wins among fields of the same name and
// depth: the only one, or the only tagged one.
func sole(fs []jsonField) (jsonField, bool) {
	if len(fs) == 1 {
		return fs[0], true
	}
	var winner jsonField
	tagged := 0
	for _, f := range fs {
		if f.tagged {
			winner = f
			tagged++
		}
	}
	return winner, tagged == 1
}

// validTagName reports whether name is a key name encoding/json accepts in a
// tag: Unicode letters, digits and ASCII punctuation other than quotation
// marks, backslash and comma.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
