// Package openapi describes tonic services in OpenAPI 3.1: it makes the
// document of a mux's routes from their typed handlers, serves it, and
// makes the JSON Schemas (draft 2020-12, the dialect OpenAPI 3.1 uses) of
// Go types, by the rules encoding/json follows when it encodes them and
// marshal follows when it decodes them, with the validation tags marshal
// enforces.
//
// # Documents
//
// New walks a mux once every route is registered, and the document it
// returns is served by its Handler, registered after the routes it
// describes:
//
//	doc, err := openapi.New(mux, openapi.Info{Title: "shop", Version: "1.0.0"})
//	if err != nil {
//		panic(err)
//	}
//	mux.Handle("GET", "/openapi.json", doc.Handler())
//
// (ExampleNew runs it.)
//
// Each route is an operation at its path, "{x}" and catch-all "{x...}"
// wildcards becoming path parameters ("{x}"; a catch-all's value may hold
// slashes, which the parameter's description says). New sees through every
// handler with an Unwrap() http.Handler method (all of package
// middleware's) to a *marshal.Handler, collecting on the way the errors of
// handlers with an Errors() []error method (middleware.CrossOrigin's 403)
// and the schemes of those with an AuthScheme() string method
// (middleware.BasicAuth's 401). The typed handler's request struct gives
// the path, query and header parameters and the request body (its fields that are
// not parameters; none when all are), and whose response type gives the
// success response. marshal.Options documents the endpoint: OperationID
// (by default the function's name, "create" for the method value s.create,
// else the method and path, "getFilesPath"; a number from 2 tells apart
// names taken twice), Summary, Description, Tags, Hidden, the success
// Status (200 unless declared: declare 201 or 204 for a function that
// returns them in a *marshal.Response) and the Errors the function returns.
// A route for any method (tonic.AnyMethod) is an operation for each method
// OpenAPI names that has no route of its own at the pattern (or for each of
// Operation.Methods), a chosen ID suffixed with the method ("anythingPut").
// A handler that is not typed appears with its method, path and path
// parameters and a default response; Describe documents it, overrides
// what a typed handler says, or applies to each route of a mux mounted as a
// namespace. A mux mounted with HandleNamespace contributes its routes
// under the prefix; another handler mounted there is a catch-all path with
// every method (or those Operation.Methods names). The HEAD and OPTIONS
// answers the mux makes itself are not operations; routes marked Hidden are
// left out.
//
// # Error responses
//
// An operation lists exactly the errors it can answer: those its Errors
// declare (values that carry their status and name: a *tonic.Error, or an
// error with StatusCode() int and perhaps Name() string methods), grouped
// by status with each name in the description; those the typed handler
// answers itself (400 when it takes a request value, 406, 413 and 415 when
// it reads a body, 422 when it has validation tags or a Validate method,
// and 500); and 401, with the WWW-Authenticate header, behind
// middleware.BasicAuth, whose routes also get HTTP Basic security. Each has
// the schema of the error body the service writes, tonic.Error (tonic's
// JSON errors, with "fields" for a 422) or tonic.Problem when
// Options.ErrorWriter is tonic.ProblemErrors (RFC 9457), and text/plain
// for a client that accepts no JSON.
//
// The conformance module (its own go.mod) checks the documents with
// libopenapi and libopenapi-validator, and checks exampled's requests and
// responses against its document, over a real socket.
//
// # Schemas
//
// A Registry makes the schemas of one document and collects the named
// schemas they refer to, for the document's components/schemas:
//
//	reg := openapi.NewRegistry()
//	s, err := reg.Schema(reflect.TypeFor[[]Product]())
//	product, _ := json.MarshalIndent(reg.Components()["Product"], "", "  ")
//
// (ExampleRegistry prints them.)
//
// # Rules
//
// Types:
//   - bool is boolean; string is string; float32 and float64 are number
//     (format float, double).
//   - int32 and int64 (and int, on 64-bit platforms) are integer with format
//     int32 or int64; the other integer types are integer with their range
//     as minimum and maximum (uint and uint64 with minimum 0).
//   - A pointer is nullable: "null" joins the type (and the enum, if any);
//     a reference becomes {"anyOf":[{"$ref":...},{"type":"null"}]}.
//   - A slice or array is an array of its element's schema; an array of
//     length N has minItems and maxItems N. A []byte is a string with
//     contentEncoding base64, as encoding/json writes it.
//   - A map is an object whose additionalProperties is the element's
//     schema; integer keys constrain propertyNames with a pattern. Keys of
//     other kinds than strings, integers and encoding.TextMarshalers are an
//     error, as encoding/json cannot encode them.
//   - An interface, json.RawMessage, and a type with a MarshalJSON method
//     are unconstrained ({}): their JSON is whatever they write, unless the
//     type says otherwise with a JSONSchema method.
//   - time.Time is a string with format date-time; json.Number is a number;
//     a type with a MarshalText method (and no MarshalJSON) is a string.
//   - A type with a JSONSchema() *openapi.Schema method (on the value or the
//     pointer) gets the schema it returns, called once per use on the zero
//     value; this beats every other rule.
//   - A named string, number or boolean type with an Enum() []any method
//     gets an enum of those values, as JSON.
//   - Channels, functions and complex numbers are an error: encoding/json
//     cannot encode them.
//
// Structs:
//   - A struct is an object with additionalProperties false (marshal refuses
//     unknown keys), whose properties are its fields as encoding/json sees
//     them (see internal/jsonfield): named by the json tag, fields of
//     embedded structs flattened into it, "-" and unexported fields left
//     out, colliding names resolved as encoding/json resolves them.
//   - A property is required unless its field has omitzero, or omitempty on
//     a type other than a struct (encoding/json never omits a struct).
//   - A field with the ",string" option is a string: integers with the
//     pattern of their digits, booleans with enum "true" and "false". Number
//     keywords cannot constrain such a string, so the schema leaves them out
//     (the server still checks them).
//   - A field's doc tag becomes its description; its example tag becomes its
//     examples: the string's text when the field's JSON is a string, else
//     JSON. An example that does not decode into the field, or fails its
//     validation tags, is an error.
//   - The validation tags (minimum, maximum, exclusiveMinimum,
//     exclusiveMaximum, minLength, maxLength, pattern, format, enum,
//     minItems, maxItems; see marshal) become the keywords of the same
//     names on the field's schema, behind its nullability; on a slice, array
//     or map field, those other than minItems and maxItems go to the
//     elements' schema. A tag's bound replaces the type's range.
//
// # Components
//
// A named struct type becomes a component, and its schema a reference to
// it; so does a named slice, array or map type that refers to itself (other
// named non-struct types are inline), so recursive types have finite
// schemas. A component is named after its Go type without the package:
// "Item". Generic type arguments are spelled into the name, qualified names
// reduced to their last element, "[]" read as List, "[N]" as Array, "map"
// as Map: Page[main.Item] is PageItem, Page[[]main.Item] is PageListItem,
// Pair[string,int] is PairStringInt. Only ASCII letters and digits are kept,
// as component names must match ^[a-zA-Z0-9._-]+$. When a name is taken by
// a type of another package, the package name goes in front (time.Location
// after a Location of one's own is TimeLocation), then a number from 2.
// Names are given in the order types are met, so the same calls in the
// same order give the same document.
//
// # Limits
//
//   - A nil slice or map encodes as null, which the schema does not allow:
//     return empty ones, or tag the field omitempty.
//   - A MarshalJSON or MarshalText method on the pointer applies where
//     encoding/json can take the value's address (fields of a value reached
//     through a pointer, slice elements), not to map values or values passed
//     by value; the schema assumes it applies.
//   - Patterns are Go regexps, which JSON Schema validators read as
//     ECMA-262; the marshal package documentation lists the syntax both
//     read alike.
//   - A required property is one the server always sends; marshal decodes a
//     request that lacks one into the zero value rather than refusing it.
//   - marshal takes the empty value of a body field tagged omitempty or
//     omitzero as absent and does not check it; where the field's tags
//     would refuse that value, its schema allows it too: the zero values
//     join its enum, or it becomes {"anyOf":[<the tags' schema>,{"enum":
//     [<zero values>]}]}, so that the document accepts what the server does
//     ({"tags":[]} for minItems:"1"). Use a pointer (checked whenever given)
//     when the zero value must be refused. A parameter is checked whenever
//     the request gives it (?page=0 for minimum:"1" is a 422).
//   - The error bodies' schema is tonic's: a service with an ErrorWriter of
//     its own has its error responses documented as unknown content.
//   - OpenAPI 3.1 names eight methods; a route with another is an error
//     (hide it). A path parameter cannot hold a slash in OpenAPI, so a
//     catch-all is documented as a parameter whose description says it can.
package openapi
