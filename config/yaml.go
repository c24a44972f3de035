package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxAliasedValues bounds the values that a YAML file's aliases expand
// to, against a file of aliases of aliases that expands exponentially.
const maxAliasedValues = 1 << 16

// parseYAML returns the tree of a YAML file of one document. An empty
// file is null.
func parseYAML(data []byte) (*node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return &node{kind: kindNull, line: 1}, nil
		}
		return nil, yamlError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, errorAt(next.Line, "", "a second YAML document, want one")
	case err != io.EOF:
		return nil, yamlError(err)
	}
	c := &yamlConverter{}
	return c.node(&doc, "", 0)
}

// yamlLine finds the line in go.yaml.in/yaml's messages.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError returns the *Error of a YAML syntax error.
func yamlError(err error) error {
	msg := err.Error()
	e := errorAt(0, "", "malformed YAML: "+strings.TrimPrefix(msg, "yaml: "))
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Problem = "malformed YAML: " + m[2]
	}
	e.Err = err
	return e
}

// yamlConverter turns YAML nodes into a tree.
type yamlConverter struct {
	inAlias int // the aliases being expanded
	aliased int // the values converted through aliases so far
}

// node converts y, at path.
func (c *yamlConverter) node(y *yaml.Node, path string, depth int) (*node, error) {
	if c.inAlias > 0 {
		c.aliased++
	}
	switch {
	case depth > maxDepth:
		return nil, errorAt(y.Line, path, fmt.Sprintf("nested more than %d deep", maxDepth))
	case c.aliased > maxAliasedValues:
		return nil, errorAt(y.Line, path, fmt.Sprintf("aliases expand to more than %d values", maxAliasedValues))
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &node{kind: kindNull, line: y.Line}, nil
		}
		return c.node(y.Content[0], path, depth)
	case yaml.AliasNode:
		c.inAlias++
		n, err := c.node(y.Alias, path, depth+1)
		c.inAlias--
		if err == nil {
			n = relined(n, y.Line)
		}
		return n, err
	case yaml.MappingNode:
		if err := checkTag(y, "!!map", path); err != nil {
			return nil, err
		}
		return c.mapping(y, path, depth)
	case yaml.SequenceNode:
		if err := checkTag(y, "!!seq", path); err != nil {
			return nil, err
		}
		n := &node{kind: kindArray, line: y.Line}
		for i, el := range y.Content {
			v, err := c.node(el, indexPath(path, i), depth+1)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, v)
		}
		return n, nil
	}
	return scalar(y, path)
}

// relined returns a shallow copy of n, an alias's target, on the alias's
// line, so that a problem with it points at the use.
func relined(n *node, line int) *node {
	c := *n
	c.line = line
	return &c
}

// checkTag refuses a collection with a tag other than YAML's own.
func checkTag(y *yaml.Node, want, path string) error {
	if tag := y.ShortTag(); tag != want {
		return errorAt(y.Line, path, fmt.Sprintf("YAML tag %s is not supported", tag))
	}
	return nil
}

// mapping converts a YAML mapping. Explicit keys win over merged ones (<<),
// and of merged mappings the first listed wins.
func (c *yamlConverter) mapping(y *yaml.Node, path string, depth int) (*node, error) {
	n := &node{kind: kindObject, line: y.Line}
	seen := map[string]int{}
	var merges []*node
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			m, err := c.merged(v, path, depth)
			if err != nil {
				return nil, err
			}
			merges = append(merges, m...)
			continue
		}
		name, err := keyName(k, path)
		if err != nil {
			return nil, err
		}
		kp := keyPath(path, name)
		if first, dup := seen[name]; dup {
			return nil, errorAt(k.Line, kp, fmt.Sprintf("key given twice (first on line %d)", first))
		}
		seen[name] = k.Line
		val, err := c.node(v, kp, depth+1)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, member{name: name, line: k.Line, value: val})
	}
	for _, m := range merges {
		for _, mm := range m.keys {
			if _, dup := seen[mm.name]; !dup {
				seen[mm.name] = mm.line
				n.keys = append(n.keys, mm)
			}
		}
	}
	return n, nil
}

// merged returns the mappings a merge key's value names: a mapping, or a
// sequence of them, directly or through aliases.
func (c *yamlConverter) merged(v *yaml.Node, path string, depth int) ([]*node, error) {
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	var out []*node
	for _, it := range items {
		m, err := c.node(it, path, depth+1)
		if err != nil {
			return nil, err
		}
		if m.kind != kindObject {
			return nil, errorAt(it.Line, path, "a merge key (<<) takes a mapping or a list of mappings, got "+m.kind.String())
		}
		out = append(out, m)
	}
	return out, nil
}

// keyName returns the name of a mapping key: a scalar other than null.
func keyName(k *yaml.Node, path string) (string, error) {
	switch {
	case k.Kind != yaml.ScalarNode:
		return "", errorAt(k.Line, path, "a key must be a string, number or boolean, not a mapping or sequence")
	case k.ShortTag() == "!!null":
		return "", errorAt(k.Line, path, "a key must be a string, number or boolean, not null")
	}
	return k.Value, nil
}

// scalar converts a YAML scalar, by its resolved tag.
func scalar(y *yaml.Node, path string) (*node, error) {
	n := &node{line: y.Line}
	var err error
	switch tag := y.ShortTag(); tag {
	case "!!null":
		n.kind = kindNull
	case "!!bool":
		var b bool
		err = y.Decode(&b)
		n.kind, n.text = kindBool, strconv.FormatBool(b)
	case "!!int":
		n.kind = kindNumber
		n.text, err = yamlInt(y)
	case "!!float":
		var f float64
		if err = y.Decode(&f); err == nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
			return nil, errorAt(y.Line, path, fmt.Sprintf("got %s, want a finite number (JSON has no infinity or NaN)", y.Value))
		}
		n.kind, n.text = kindNumber, strconv.FormatFloat(f, 'g', -1, 64)
	case "!!str", "!!timestamp":
		n.kind, n.text = kindString, y.Value
	case "!!binary":
		n.kind, n.text = kindString, strings.Join(strings.Fields(y.Value), "") // base64, as JSON has []byte
	default:
		return nil, errorAt(y.Line, path, fmt.Sprintf("YAML tag %s is not supported", tag))
	}
	if err != nil {
		return nil, errorAt(y.Line, path, fmt.Sprintf("%q is not a valid %s", y.Value, strings.TrimPrefix(y.ShortTag(), "!!")))
	}
	return n, nil
}

// yamlInt returns a YAML integer (0x1f, 0o17, -3) as a JSON literal.
func yamlInt(y *yaml.Node) (string, error) {
	var i int64
	if err := y.Decode(&i); err == nil {
		return strconv.FormatInt(i, 10), nil
	}
	var u uint64
	if err := y.Decode(&u); err != nil {
		return "", errors.New("out of range")
	}
	return strconv.FormatUint(u, 10), nil
}
