package validate

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
)

// Options configures Compile. The zero value checks a JSON body.
type Options struct {
	// Root names the checked value in paths. Defaults to "body".
	Root string
	// Skip reports the fields of the top-level struct that are not part of
	// its JSON, such as request parameters. They are checked only when
	// listed in Params.
	Skip func(reflect.StructField) bool
	// Params are fields of the top-level struct checked under their own
	// paths rather than under Root.
	Params []Param
}

// Param is a field of the top-level struct checked under its own path.
type Param struct {
	// Path names the field in failures: "query.limit", "header.X-Token".
	Path string
	// Field is the struct field, with its Index from the top-level struct.
	Field reflect.StructField
	// Optional reports a parameter the request may leave out: its zero
	// value counts as absent and is not checked.
	Optional bool
}

// Plan is the compiled validation of one type: the index paths of the
// fields that carry rules, and their checks. It is safe for concurrent use.
type Plan struct {
	root *node // nil when there is nothing to check
	path string
}

// nodeKind says how a node reaches the values below it.
type nodeKind uint8

const (
	leafNode    nodeKind = iota // nothing below
	pointerNode                 // elem, unless nil
	listNode                    // elem for each element of a slice or array
	mapNode                     // elem for each value of a map
	structNode                  // fields
	thenNode                    // elem for the same value: a field's checks, then its type's
)

// node checks one value and leads to the values inside it.
type node struct {
	kind     nodeKind
	checks   []check
	fields   []fieldNode
	elem     *node
	elemType reflect.Type // mapNode: the map's value type
	active   bool         // the node or a node below it checks something
}

// fieldNode is one struct field with something to check.
type fieldNode struct {
	index   []int
	key     string // the JSON name, or the whole path of a parameter
	param   bool
	pindex  int                      // a parameter's index in Options.Params
	omitted func(reflect.Value) bool // nil, or reports a value that counts as absent
	node    *node
}

// compiler builds the nodes of one plan, one per type for types met
// without field rules, so that recursive types terminate.
type compiler struct {
	types map[reflect.Type]*node
	all   []*node
}

// Compile returns the plan that checks values of type t against the
// validation tags of its fields and the Enum methods of its types, through
// nested structs (by encoding/json's field rules), pointers, slices, arrays
// and maps. A bad tag or Enum method is a *TagError or *EnumError naming
// the type and field. Compile panics if given more than one Options.
func Compile(t reflect.Type, opts ...Options) (*Plan, error) {
	if len(opts) > 1 {
		panic("validate: Compile takes at most one Options")
	}
	var o Options
	if len(opts) == 1 {
		o = opts[0]
	}
	p := &Plan{path: o.Root}
	if p.path == "" {
		p.path = "body"
	}
	c := &compiler{types: map[reflect.Type]*node{}}
	root, err := c.root(t, o)
	if err != nil {
		return nil, err
	}
	c.prune()
	if root.active {
		p.root = root
	}
	return p, nil
}

// Empty reports whether the plan checks nothing: every value passes.
func (p *Plan) Empty() bool { return p.root == nil }

// root returns the node of the top-level type, whose struct, behind any
// pointers, has its Skip and Params applied.
func (c *compiler) root(t reflect.Type, o Options) (*node, error) {
	switch {
	case t.Kind() == reflect.Pointer:
		elem, err := c.root(t.Elem(), o)
		return c.add(&node{kind: pointerNode, elem: elem}), err
	case t.Kind() != reflect.Struct || (o.Skip == nil && o.Params == nil):
		return c.typeNode(t)
	}
	n := c.add(&node{kind: structNode})
	return n, c.structFields(n, t, o)
}

// add records n for pruning and returns it.
func (c *compiler) add(n *node) *node {
	c.all = append(c.all, n)
	return n
}

// typeNode returns the node of type t, made once.
func (c *compiler) typeNode(t reflect.Type) (*node, error) {
	if n, ok := c.types[t]; ok {
		return n, nil
	}
	n := c.add(&node{})
	c.types[t] = n
	set, err := typeEnum(t)
	if err != nil {
		return nil, err
	}
	if set != nil {
		n.checks = []check{{rule: tagEnum, message: set.message, ok: set.has}}
	}
	if t.Kind() != reflect.Pointer && decodesItself(t) {
		return n, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		n.kind = pointerNode
		n.elem, err = c.typeNode(t.Elem())
	case reflect.Slice, reflect.Array:
		if !isBytes(t) {
			n.kind = listNode
			n.elem, err = c.typeNode(t.Elem())
		}
	case reflect.Map:
		n.kind, n.elemType = mapNode, t.Elem()
		n.elem, err = c.typeNode(t.Elem())
	case reflect.Struct:
		n.kind = structNode
		err = c.structFields(n, t, Options{})
	}
	return n, err
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decodesItself reports whether encoding/json hands values of type t to
// their own UnmarshalJSON or UnmarshalText method; what is inside them is
// not looked into.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshalerType) || p.Implements(textUnmarshalerType)
}

// structFields adds to n the fields of struct type t that encoding/json
// sees, except those o.Skip reports, and the parameters o.Params lists.
func (c *compiler) structFields(n *node, t reflect.Type, o Options) error {
	covered := map[string]bool{}
	for _, f := range jsonfield.Fields(t, o.Skip) {
		fn, err := c.field(t, f.Index, t.FieldByIndex(f.Index))
		if err != nil {
			return err
		}
		fnode := fieldNode{index: f.Index, key: f.Name, node: fn}
		if f.Optional() {
			fnode.omitted = f.Omitted
		}
		n.fields = append(n.fields, fnode)
		covered[indexKey(f.Index)] = true
	}
	for i, p := range o.Params {
		fn, err := c.field(t, p.Field.Index, p.Field)
		if err != nil {
			return err
		}
		fnode := fieldNode{index: p.Field.Index, key: p.Path, param: true, pindex: i, node: fn}
		if p.Optional {
			fnode.omitted = reflect.Value.IsZero
		}
		n.fields = append(n.fields, fnode)
		covered[indexKey(p.Field.Index)] = true
	}
	for _, sf := range reflect.VisibleFields(t) {
		if hasTags(sf.Tag) && !covered[indexKey(sf.Index)] {
			return &TagError{Type: declaring(t, sf.Index), Field: sf.Name,
				Problem: "has validation tags, but encoding/json ignores the field (unexported, tagged json:\"-\", or hidden by another field of its name)"}
		}
	}
	return nil
}

// indexKey turns an index path into a map key.
func indexKey(index []int) string {
	b := make([]byte, 0, 4*len(index))
	for _, i := range index {
		b = append(b, byte(i>>24), byte(i>>16), byte(i>>8), byte(i))
	}
	return string(b)
}

// declaring returns the struct type, t or one embedded in it, that
// declares the field at index.
func declaring(t reflect.Type, index []int) reflect.Type {
	for _, i := range index[:len(index)-1] {
		t = t.Field(i).Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	return t
}

// field returns the node of struct field sf of t, at index: its type's
// node, with the field's own rules first.
func (c *compiler) field(t reflect.Type, index []int, sf reflect.StructField) (*node, error) {
	rules, err := FieldRules(declaring(t, index), sf)
	if err != nil {
		return nil, err
	}
	return c.withRules(sf.Type, rules)
}

// withRules returns the node of type t with rules r applied at their
// levels: behind pointers, and on elements for r.Elem.
func (c *compiler) withRules(t reflect.Type, r *Rules) (*node, error) {
	if r == nil {
		return c.typeNode(t)
	}
	if t.Kind() == reflect.Pointer {
		elem, err := c.withRules(t.Elem(), r)
		return c.add(&node{kind: pointerNode, elem: elem}), err
	}
	base, err := c.typeNode(t)
	if err != nil {
		return nil, err
	}
	n := c.add(&node{kind: thenNode, checks: r.checks, elem: base})
	if r.Elem != nil { // a container: its elements get r.Elem, then their type's checks
		n.kind, n.elemType = listNode, t.Elem()
		if t.Kind() == reflect.Map {
			n.kind = mapNode
		}
		n.elem, err = c.withRules(t.Elem(), r.Elem)
	}
	return n, err
}

// prune marks the nodes that check something, themselves or below, and
// drops the links to the others, so that checking skips them.
func (c *compiler) prune() {
	for changed := true; changed; {
		changed = false
		for _, n := range c.all {
			if !n.active && n.live() {
				n.active, changed = true, true
			}
		}
	}
	for _, n := range c.all {
		n.fields = slices.DeleteFunc(n.fields, func(f fieldNode) bool { return !f.node.active })
		if n.elem != nil && !n.elem.active {
			n.elem = nil
		}
	}
}

// live reports whether n checks something or leads to an active node.
func (n *node) live() bool {
	if len(n.checks) > 0 || (n.elem != nil && n.elem.active) {
		return true
	}
	for _, f := range n.fields {
		if f.node.active {
			return true
		}
	}
	return false
}
