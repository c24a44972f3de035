package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonParser reads a JSON file into a tree, token by token, so that every
// key and value knows its line.
type jsonParser struct {
	dec   *json.Decoder
	lines lineIndex
}

// parseJSON returns the tree of a JSON file: one value and nothing after.
func parseJSON(data []byte) (*node, error) {
	p := &jsonParser{dec: json.NewDecoder(bytes.NewReader(data)), lines: newLineIndex(data)}
	p.dec.UseNumber()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errorAt(0, "", "the file is empty, want a JSON value")
	}
	root, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, errorAt(p.here(), "", "data after the JSON value")
	}
	return root, nil
}

// here returns the line of the end of the last token read.
func (p *jsonParser) here() int { return p.lines.line(int(p.dec.InputOffset()) - 1) }

// token returns the next token, or an *Error for malformed JSON.
func (p *jsonParser) token(path string) (json.Token, error) {
	tok, err := p.dec.Token()
	if err == nil {
		return tok, nil
	}
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		e := errorAt(p.lines.line(int(syntax.Offset)-1), path, "malformed JSON: "+strings.TrimPrefix(syntax.Error(), "json: "))
		e.Err = err
		return nil, e
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errorAt(p.here(), path, "malformed JSON: the file ends in the middle of a value")
	}
	return nil, errorAt(p.here(), path, "malformed JSON: "+err.Error())
}

// value reads the value at path.
func (p *jsonParser) value(path string, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, errorAt(p.here(), path, fmt.Sprintf("nested more than %d deep", maxDepth))
	}
	tok, err := p.token(path)
	if err != nil {
		return nil, err
	}
	n := &node{line: p.here()}
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return p.object(n, path, depth)
		}
		return p.array(n, path, depth) // the decoder returns no other delimiter here
	case bool:
		n.kind, n.text = kindBool, fmt.Sprint(v)
	case json.Number:
		n.kind, n.text = kindNumber, v.String()
	case string:
		n.kind, n.text = kindString, v
	default: // nil
		n.kind = kindNull
	}
	return n, nil
}

// object reads the members of the object n, whose '{' has been read.
func (p *jsonParser) object(n *node, path string, depth int) (*node, error) {
	n.kind = kindObject
	seen := map[string]int{}
	for p.dec.More() {
		tok, err := p.token(path)
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string) // the decoder allows only strings as keys
		m := member{name: name, line: p.here()}
		kp := keyPath(path, name)
		if first, dup := seen[name]; dup {
			return nil, errorAt(m.line, kp, fmt.Sprintf("key given twice (first on line %d)", first))
		}
		seen[name] = m.line
		if m.value, err = p.value(kp, depth+1); err != nil {
			return nil, err
		}
		n.keys = append(n.keys, m)
	}
	_, err := p.token(path) // '}'
	return n, err
}

// array reads the elements of the array n, whose '[' has been read.
func (p *jsonParser) array(n *node, path string, depth int) (*node, error) {
	n.kind = kindArray
	for p.dec.More() {
		el, err := p.value(indexPath(path, len(n.elems)), depth+1)
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, el)
	}
	_, err := p.token(path) // ']'
	return n, err
}
