package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// Load reads the configuration file at path into v, a non-nil pointer,
// usually to a struct that already holds the defaults: only what the file
// mentions is set. The extension chooses the format, .json, .yaml or .yml
// in any case; see the package documentation for the rules.
//
// An empty path does nothing and returns nil, so that a -config flag may
// default to "". A path without a known extension is an error before the
// file is read. A file that cannot be read returns the *os.PathError,
// wrapped. A mistake in the file returns an *Error naming the file, the
// line and the key; v may then be partly set, and must not be used. v
// that is not a non-nil pointer is an error whatever the path.
func Load(path string, v any) error {
	rv := reflect.ValueOf(v)
	if v == nil || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("config: Load(%q, %T): want a non-nil pointer", path, v)
	}
	if path == "" {
		return nil
	}
	parse, err := parserFor(path)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	root, err := parse(data)
	if err == nil {
		err = (&checker{}).check(root, rv.Type(), "")
	}
	if err == nil {
		err = decode(root, v)
	}
	var e *Error
	if errors.As(err, &e) {
		e.File = path
	}
	return err
}

// parserFor returns the parser of the file's format.
func parserFor(path string) (func([]byte) (*node, error), error) {
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".json":
		return parseJSON, nil
	case ".yaml", ".yml":
		return parseYAML, nil
	case "":
		return nil, &Error{File: path, Problem: "the file name has no extension, want .json, .yaml or .yml"}
	}
	return nil, &Error{File: path, Problem: fmt.Sprintf("extension %q not recognized, want .json, .yaml or .yml", ext)}
}
