// Package config reads a service's configuration file into a typed struct:
//
//	type Config struct {
//		Listen  string        `json:"listen"`
//		Timeout time.Duration `json:"timeout"`
//		Origins []string      `json:"origins"`
//	}
//
//	cfg := Config{Listen: "127.0.0.1:8000"} // the defaults
//	if err := config.Load(path, &cfg); err != nil {
//		fmt.Println(err)
//		return
//	}
//
// (ExampleLoad runs it. What the file leaves out keeps its default; an
// error names the file, the line and the key: "config: /etc/svc.yaml:1:
// timeout: got number 10, want a duration such as "1m30s"".) It is Tiger Tonic's Configure, with YAML beside
// JSON and strict decoding.
//
// # Formats
//
// The file's extension chooses the format: .json for JSON, .yaml or .yml
// for YAML (read by go.yaml.in/yaml/v3), in any case. Both are decoded
// with encoding/json's rules, so one set of json struct tags serves both
// formats: a YAML file has the same keys as the JSON one, types with an
// UnmarshalJSON or UnmarshalText method decode themselves from YAML too,
// and yaml struct tags are not read. A YAML file holds one document;
// anchors, aliases and merge keys (<<) work, and so do YAML's comments,
// integers in hex or octal, and multi-line strings. An empty YAML file, or
// one holding only null, sets nothing.
//
// A time.Duration field takes a string that time.ParseDuration reads
// ("1m30s", "0s"). A bare number is refused: encoding/json would read
// "timeout: 10" as 10 nanoseconds.
//
// # Strictness
//
// Every mistake is an error that names the file, the line and the key,
// as an *Error: a key that no field has (encoding/json would ignore it,
// and match a key that differs from the field's name only in case; here
// either is an error, with a hint when the case is all that differs), a
// key given twice in one object, a value of the wrong type, a value that
// its type's own UnmarshalJSON or UnmarshalText refuses, data after the
// JSON value, a second YAML document, a YAML value JSON cannot hold
// (.inf, .nan, a tag other than YAML's own), and aliases that expand to
// more than 65536 values.
//
// # Precedence
//
// Load fills in only what the file mentions, over what the struct already
// holds. A command decides the precedence by the order in which it applies
// its sources; cmd/exampled gives flags over environment variables over the
// file over the defaults.
package config
