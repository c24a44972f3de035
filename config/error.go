package config

import (
	"strconv"
	"strings"
)

// Error is a problem in a configuration file, with where it is.
type Error struct {
	// File is the path given to Load.
	File string
	// Line is the line of the key or value at fault, from 1; 0 when the
	// problem is with the file as a whole.
	Line int
	// Key is the path of the value at fault, such as "server.port" or
	// "proxies[1].prefix"; "" for the whole file.
	Key string
	// Problem says what is wrong.
	Problem string
	// Err is the error behind Problem, if any: a *json.SyntaxError, an
	// error from an UnmarshalJSON method.
	Err error
}

// Error returns "config: FILE:LINE: KEY: PROBLEM", leaving out what is not
// known.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// errorAt returns an *Error at line and key; Load fills in the file.
func errorAt(line int, key, problem string) *Error {
	return &Error{Line: line, Key: key, Problem: problem}
}
