package jsonfield

import (
	"reflect"
	"slices"
	"strings"
	"unicode"
)

// Field is a struct field as encoding/json sees it.
type Field struct {
	// Name is the JSON object key: the "json" tag's name, else the Go name.
	Name string
	// Index is the index path from the outer struct, through embedded
	// structs, as reflect.Value.FieldByIndex takes it.
	Index []int
	// Type is the field's Go type.
	Type reflect.Type
	// Tagged reports whether Name came from the "json" tag.
	Tagged bool
	// GoName is the field's Go name.
	GoName string
	// Tag is the field's whole struct tag, for the other tags it carries.
	Tag reflect.StructTag
	// OmitEmpty and OmitZero report the "json" tag's omitempty and omitzero
	// options: the key may be left out of encoded objects. omitzero is read
	// as Go 1.24's encoding/json reads it; older ones ignore it.
	OmitEmpty, OmitZero bool
	// Quoted reports the ",string" option on a field it applies to (a bool,
	// number or string, or a pointer to one): the value is encoded inside a
	// JSON string.
	Quoted bool
	// ViaPointer reports a field promoted from an embedded pointer to a
	// struct, which encoding/json leaves out while the pointer is nil.
	ViaPointer bool
}

// Fields returns the fields of struct type t that encoding/json encodes and
// decodes, in encoding/json's order (by index path), following the rules
// its Marshal documentation states: exported fields and the exported fields
// of embedded structs (also unexported ones), named by the "json" tag or the
// Go name; "-" skips a field; an embedded struct with a tag name is a plain
// field; of several fields with one name, the shallowest wins, then the only
// tagged one, else all are dropped. skip, if not nil, reports fields the
// caller handles elsewhere; they are left out as if tagged "-".
func Fields(t reflect.Type, skip func(reflect.StructField) bool) []Field {
	all := fields(t, skip)
	visible := all[:0]
	for _, f := range all {
		if f.Index != nil { // a nil index is an ambiguous name, which encoding/json ignores
			f.ViaPointer = viaPointer(t, f.Index)
			visible = append(visible, f)
		}
	}
	slices.SortFunc(visible, func(a, b Field) int { return slices.Compare(a.Index, b.Index) })
	return visible
}

// viaPointer reports whether the field at index of struct type t is reached
// through an embedded pointer.
func viaPointer(t reflect.Type, index []int) bool {
	for _, i := range index[:len(index)-1] {
		t = t.Field(i).Type
		if t.Kind() == reflect.Pointer {
			return true
		}
	}
	return false
}

// fields returns the fields found breadth first, with a placeholder (nil
// Index) for each name that was ambiguous at its depth.
func fields(t reflect.Type, skip func(reflect.StructField) bool) []Field {
	type level struct {
		typ   reflect.Type
		index []int
	}
	var found []Field
	current := []level{{typ: t}}
	visited := map[reflect.Type]bool{}
	for len(current) > 0 {
		var next []level
		seen := map[reflect.Type]int{}
		for _, lv := range current {
			seen[lv.typ]++
		}
		var here []Field
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
func fieldOf(sf reflect.StructField, index []int, skip func(reflect.StructField) bool) (f Field, embedded reflect.Type, ok bool) {
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
	name, opts, _ := strings.Cut(tag, ",")
	if !validTagName(name) {
		name = ""
	}
	if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
		return f, ft, true
	}
	f = Field{Name: name, Index: index, Type: sf.Type, Tagged: name != "", GoName: sf.Name, Tag: sf.Tag}
	if f.Name == "" {
		f.Name = sf.Name
	}
	f.OmitEmpty, f.OmitZero = hasOption(opts, "omitempty"), hasOption(opts, "omitzero")
	f.Quoted = hasOption(opts, "string") && quotable(sf.Type)
	return f, nil, true
}

// hasOption reports whether the comma-separated tag options opts hold opt.
func hasOption(opts, opt string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == opt {
			return true
		}
	}
	return false
}

// quotable reports whether the ",string" option applies to a field of type
// t: a bool, number or string, or an unnamed pointer to one.
func quotable(t reflect.Type) bool {
	if t.Name() == "" && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// dominant keeps, of the fields found at one depth, those whose name is not
// already taken by a shallower field and is not ambiguous at this depth.
func dominant(here, shallower []Field) []Field {
	taken := make(map[string]bool, len(shallower))
	for _, f := range shallower {
		taken[f.Name] = true
	}
	byName := map[string][]Field{}
	var order []string
	for _, f := range here {
		if taken[f.Name] {
			continue
		}
		if _, ok := byName[f.Name]; !ok {
			order = append(order, f.Name)
		}
		byName[f.Name] = append(byName[f.Name], f)
	}
	var keep []Field
	for _, name := range order {
		if f, ok := sole(byName[name]); ok {
			keep = append(keep, f)
		}
	}
	// A name that was ambiguous at this depth still hides deeper fields.
	for _, name := range order {
		if _, ok := sole(byName[name]); !ok {
			keep = append(keep, Field{Name: name})
		}
	}
	return keep
}

// sole returns the one field that wins among fields of the same name and
// depth: the only one, or the only tagged one.
func sole(fs []Field) (Field, bool) {
	if len(fs) == 1 {
		return fs[0], true
	}
	var winner Field
	tagged := 0
	for _, f := range fs {
		if f.Tagged {
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
