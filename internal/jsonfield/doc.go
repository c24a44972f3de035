// Package jsonfield holds the one implementation, shared by marshal, the
// validation plans and the OpenAPI schema generator, of the question "which
// fields of a struct does encoding/json see, and under which names", and of
// the JSON paths ("body.items[2].name") that error messages use.
//
// Fields follows the rules encoding/json documents for Marshal: exported
// fields, fields promoted from embedded structs, names from the "json" tag,
// "-" to skip, and the dominance rules for names that collide. Its tests
// hold it to encoding/json's actual behaviour.
package jsonfield
