package tonic

import (
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
)

// LocalPathValue returns the value of the wildcard name of r (see
// PathValue) when it is a local path: one that names a file at or below a
// root directory, and so may be joined to that directory safely. Otherwise
// it returns a 400 *Error naming the value ("path.file"), which
// WriteError answers.
//
// Wildcard values are unescaped, so a catch-all {file...} matched by
// /files/..%2F..%2Fetc%2Fpasswd is "../../etc/passwd", and by
// /files/%2Fetc%2Fpasswd "/etc/passwd": a value that escapes the root
// however the path itself was cleaned. A local value is empty (the root
// itself) or passes filepath.IsLocal (not absolute, no ".." that climbs
// out, none of Windows' reserved names), and has neither a backslash nor a
// NUL byte, so that it means the same on every system. A handler that
// serves files reads its wildcard with LocalPathValue, or is mounted behind
// middleware.LocalPath, before it touches the file system (os.Root, new in
// Go 1.24, confines the opening itself).
func LocalPathValue(r *http.Request, name string) (string, error) {
	v := PathValue(r, name)
	if v == "" || (filepath.IsLocal(filepath.FromSlash(v)) && !strings.ContainsAny(v, "\\\x00")) {
		return v, nil
	}
	return "", &Error{Status: http.StatusBadRequest,
		Message: "path." + name + ": " + strconv.Quote(v) + " is not a local path: it must stay below its root",
		Fields: []FieldError{{Path: "path." + name, Rule: "local",
			Message: "must be a relative path that stays below its root"}}}
}
