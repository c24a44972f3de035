package validate

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Check returns the failures of v, a value of the compiled type: at most
// limit of them (all when limit <= 0), in field order (map entries in key
// order), and how many there were in all. A value that passes returns nil
// and 0 without allocating, except for the email and uri formats and one
// allocation per non-empty map checked.
func (p *Plan) Check(v reflect.Value, limit int) ([]tonic.FieldError, int) {
	if p.root == nil {
		return nil, 0
	}
	c := checker{limit: limit}
	c.push(step{kind: rawStep, text: p.path})
	c.value(p.root, v)
	return c.out, c.total
}

// CheckGiven is Check for a value whose parameters the caller bound: given
// has bit i set when the request gave Options.Params[i] (the first 64). A
// parameter the request gave is checked whatever its value, zero included;
// one it did not give is not checked. Parameters past the first 64 are
// checked as Check does.
func (p *Plan) CheckGiven(v reflect.Value, limit int, given uint64) ([]tonic.FieldError, int) {
	if p.root == nil {
		return nil, 0
	}
	c := checker{limit: limit, given: given, useGiven: true}
	c.push(step{kind: rawStep, text: p.path})
	c.value(p.root, v)
	return c.out, c.total
}

// checker collects the failures of one Check, and keeps the path to the
// value being checked as a stack of steps: on the checker's own stack frame
// up to fixedDepth, beyond it on the heap.
type checker struct {
	given    uint64 // the parameters given, for CheckGiven
	useGiven bool
	out      []tonic.FieldError
	total    int
	limit    int
	depth    int
	fixed    [fixedDepth]step
	more     []step
}

// fixedDepth is how deep a path goes before its steps need the heap.
const fixedDepth = 16

// value checks v with n.
func (c *checker) value(n *node, v reflect.Value) {
	if n.kind == pointerNode {
		if !v.IsNil() && n.elem != nil {
			c.value(n.elem, v.Elem())
		}
		return
	}
	for i := range n.checks {
		if !n.checks[i].ok(v) {
			c.fail(&n.checks[i])
		}
	}
	switch n.kind {
	case thenNode:
		if n.elem != nil {
			c.value(n.elem, v)
		}
	case structNode:
		c.fields(n, v)
	case listNode:
		if n.elem != nil {
			for i := 0; i < v.Len(); i++ {
				c.push(step{kind: indexStep, index: i})
				c.value(n.elem, v.Index(i))
				c.pop()
			}
		}
	case mapNode:
		if n.elem != nil && v.Len() > 0 {
			c.mapValues(n, v)
		}
	}
}

// fields checks the fields of struct v.
func (c *checker) fields(n *node, v reflect.Value) {
	for i := range n.fields {
		f := &n.fields[i]
		fv, ok := fieldByIndex(v, f.index)
		switch {
		case !ok:
			continue
		case f.param && c.useGiven && f.pindex < 64:
			if c.given&(1<<f.pindex) == 0 {
				continue
			}
		case f.omitted != nil && f.omitted(fv):
			continue
		}
		if f.param {
			c.push(step{kind: rawStep, text: f.key})
		} else {
			c.push(step{kind: keyStep, text: f.key})
		}
		c.value(f.node, fv)
		c.pop()
	}
}

// fieldByIndex returns the field of struct v at index, or false when an
// embedded pointer on the way is nil (encoding/json left it so).
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// mapValues checks the values of map v, then puts their failures in key
// order, as encoding/json orders keys.
func (c *checker) mapValues(n *node, v reflect.Value) {
	type group struct {
		key      string
		from, to int
	}
	var groups []group
	start := len(c.out)
	it := v.MapRange()
	elem := reflect.New(n.elemType).Elem()
	for it.Next() {
		elem.SetIterValue(it)
		before := len(c.out)
		c.push(step{kind: mapKeyStep, iter: it})
		c.value(n.elem, elem)
		c.pop()
		if len(c.out) > before {
			groups = append(groups, group{key: keyText(it.Key()), from: before, to: len(c.out)})
		}
	}
	if len(groups) < 2 {
		return
	}
	slices.SortFunc(groups, func(a, b group) int { return strings.Compare(a.key, b.key) })
	sorted := make([]tonic.FieldError, 0, len(c.out)-start)
	for _, g := range groups {
		sorted = append(sorted, c.out[g.from:g.to]...)
	}
	copy(c.out[start:], sorted)
}

// fail records a failed check at the current path.
func (c *checker) fail(ch *check) {
	c.total++
	if c.limit > 0 && len(c.out) >= c.limit {
		return
	}
	c.out = append(c.out, tonic.FieldError{Path: c.path(), Rule: ch.rule, Message: ch.message})
}

// stepKind is what a path step is.
type stepKind uint8

const (
	rawStep    stepKind = iota // text as it is: the root, or a parameter's whole path
	keyStep                    // ".text" or `["text"]`
	indexStep                  // "[index]"
	mapKeyStep                 // the current key of iter, as a key
)

// step is one step of the path to the checked value.
type step struct {
	kind  stepKind
	text  string
	index int
	iter  *reflect.MapIter
}

// push adds a step to the path.
func (c *checker) push(s step) {
	if c.depth < fixedDepth {
		c.fixed[c.depth] = s
	} else {
		c.more = append(c.more, s)
	}
	c.depth++
}

// pop removes the last step.
func (c *checker) pop() {
	c.depth--
	if c.depth >= fixedDepth {
		c.more = c.more[:len(c.more)-1]
	}
}

// at returns step i of the path.
func (c *checker) at(i int) *step {
	if i < fixedDepth {
		return &c.fixed[i]
	}
	return &c.more[i-fixedDepth]
}

// path returns the current path, from its last raw step on.
func (c *checker) path() string {
	from := 0
	for i := c.depth - 1; i >= 0; i-- {
		if c.at(i).kind == rawStep {
			from = i
			break
		}
	}
	var b strings.Builder
	for i := from; i < c.depth; i++ {
		s := c.at(i)
		switch s.kind {
		case rawStep:
			b.WriteString(s.text)
		case keyStep:
			jsonfield.WriteKey(&b, s.text)
		case indexStep:
			jsonfield.WriteIndex(&b, s.index)
		case mapKeyStep:
			jsonfield.WriteKey(&b, keyText(s.iter.Key()))
		}
	}
	return b.String()
}

// keyText returns a map key as encoding/json writes it: strings as they
// are, then encoding.TextMarshalers, then integers in decimal.
func keyText(k reflect.Value) string {
	if k.Kind() == reflect.String {
		return k.String()
	}
	if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
		if b, err := tm.MarshalText(); err == nil {
			return string(b)
		}
	}
	switch classOf(k.Kind()) {
	case intNumber:
		return strconv.FormatInt(k.Int(), 10)
	case uintNumber:
		return strconv.FormatUint(k.Uint(), 10)
	}
	return fmt.Sprint(k.Interface())
}
