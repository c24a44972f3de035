// Package marshal turns typed Go functions into JSON endpoints. The
// framework owns decoding, parameter binding, validation, content
// negotiation, encoding and error responses; the function sees Go values.
//
//	type CreateThing struct {
//		Org    string `path:"org"`
//		DryRun bool   `query:"dry_run"`
//		Name   string `json:"name"`
//		Count  int    `json:"count"`
//	}
//
//	func createThing(_ context.Context, in *CreateThing) (*Thing, error) {
//		if in.Name == "forbidden" {
//			return nil, tonic.NewError(http.StatusForbidden, "that name is reserved")
//		}
//		return &Thing{Org: in.Org, Name: in.Name, Count: in.Count, Saved: !in.DryRun}, nil
//	}
//
//	mux := tonic.NewTrieServeMux()
//	mux.Handle("POST", "/orgs/{org}/things", marshal.Typed(createThing))
//
// (ExampleTyped serves it.)
//
// Marshaled accepts Tiger Tonic's shapes, func(*url.URL, http.Header, *Req)
// (int, http.Header, *Resp, error), and their variants with a
// context.Context or the whole *http.Request; Typed serves the short shape
// func(context.Context, *Req) (*Resp, error) with no reflective call. Both
// examine the function once, at construction, and panic there on a shape
// they do not support. Nothing that passes construction panics at request
// time, and a request rejected with 400, 406, 408, 413, 415 or 422 never
// reaches the function. Handler.RequestType, ResponseType, Parameters,
// Options, FuncName and Validates describe the endpoint for documentation
// generators (package openapi), and Options' OperationID, Summary,
// Description, Tags, Hidden, Status and Errors document it there.
//
// # Requests
//
// A function that takes a request value has its body decoded whatever the
// method, whenever the request has one. Its
// Content-Type must be application/json or a +json type, in UTF-8 if a
// charset is given, else the answer is 415. An empty body decodes to the zero
// value, without a Content-Type. A body over the limit (1 MiB unless
// Options.MaxBodyBytes says otherwise) gets 413, whether its length is declared or it
// arrives chunked, as does a body cut short by an outer http.MaxBytesReader;
// the HTTP/1 connection is then closed after the answer, so that nothing
// behind the body is read as a request. A body that does not arrive within
// the server's ReadTimeout gets 408, and one that breaks off 400; their
// messages never quote the read error, whose text names socket addresses
// (it is logged).
//
// A function that takes no request value, nor the whole *http.Request (to
// read the body itself), cannot see a body: a request that sends one gets
// 413 "this endpoint takes no request body" without running the function,
// whatever the method, rather than having its body dropped unread. An
// empty body (no Content-Length, Content-Length: 0, or an empty chunked
// body) is no body, so GET, HEAD and DELETE requests as clients send them,
// and a POST with no body, are served. (Tiger Tonic ignored a body sent
// to such a function with GET or DELETE, and answered 500 to every POST,
// PUT and PATCH, even one without a body.)
//
// Malformed JSON, data after the value, a value of the wrong type and an
// unknown field all get 400 with a message that names the value by its JSON
// path, as in "body.items[2].count: got string, want an integer". Go type
// names never appear.
//
// marshal is stricter than encoding/json in three ways, and checks them on
// the raw body whatever the Codec:
//   - Keys must match a field's JSON name exactly. encoding/json also accepts
//     a key that differs in case ("Name" for "name"); marshal answers 400
//     "body.Name: unknown field (did you mean \"name\"?)".
//   - A key may appear only once in an object. encoding/json lets the last
//     duplicate win (and merges repeated objects); marshal answers 400
//     "body.name: duplicate key". This holds for structs, maps and values
//     decoded into interfaces; the contents of types with their own
//     UnmarshalJSON method are left to that method.
//   - Every string, key or value, must be valid UTF-8, and a \u escape of
//     half of a UTF-16 surrogate pair must come with its other half.
//     encoding/json silently stores such text as U+FFFD; marshal answers 400
//     naming the value, "body.name: not valid UTF-8" or "body.name: \ud800
//     is the first half of a UTF-16 surrogate pair, without the second",
//     whatever the field's type. A request value's strings are therefore
//     always the text the client sent.
//
// # Parameters
//
// Fields of a request struct tagged path:"id", query:"limit" or
// header:"X-Token" are bound from the request after the body is decoded, and
// are never read from the body: a body key that would fill one is an unknown
// field. They may be strings, integers, floats, bools, time.Time (RFC 3339),
// time.Duration ("1.5s"), encoding.TextUnmarshalers, pointers to those (left
// nil when absent), and, for query and header parameters, slices of those
// (one element per repeated value). A value given twice for a single-valued
// field, or one that does not convert, gets 400 naming the parameter
// ("query.limit: got \"ten\", want an integer"). Path parameters are always
// required; the others when tagged required:"true". Path values are read
// with tonic.PathValue, so the Handler works on tonic's mux, net/http's
// ServeMux, chi and httprouter alike. A malformed query string gets 400 when
// the request has query parameters; unknown query keys are ignored.
//
// # Validation
//
// Struct tags named after JSON Schema keywords constrain body fields and
// parameters alike, and the openapi package publishes them in the schema:
//
//	type CreateReq struct {
//		Limit int      `query:"limit" minimum:"1" maximum:"100"`
//		Name  string   `json:"name" minLength:"1" maxLength:"100" pattern:"^[a-z ]+$"`
//		Email string   `json:"email,omitempty" format:"email"`
//		Size  Size     `json:"size"`
//		Tags  []string `json:"tags" maxItems:"10" maxLength:"20"` // each tag at most 20 characters
//	}
//
// (ExampleTyped_validation serves it; Size is a string type whose Enum
// method lists "small" and "large".)
//
// The tags are minimum, maximum, exclusiveMinimum and exclusiveMaximum for
// numbers; minLength and maxLength (in Unicode code points), pattern and
// format (date-time, date, email, uri, uuid, ipv4, ipv6) for strings; enum
// (comma-separated) for strings, numbers and booleans; minItems and maxItems
// for slices and arrays, whose elements take the other tags. Numbers are
// parsed as the field's type. A named type with an Enum() []any method lists
// its allowed values there, wherever it is used.
//
// A pattern matches anywhere unless anchored, in Go's regexp syntax, while
// clients that validate with the published schema read it as ECMA-262: keep
// to what both read alike (Go refuses lookaround and backreferences;
// ECMA-262 lacks \A, \z, inline flags such as (?i), [[:alpha:]] classes and
// \Q...\E; \s is ASCII whitespace in Go and Unicode whitespace in ECMA-262).
//
// The rules reach into nested structs, slices, arrays, maps and pointers. A
// nil pointer is not checked, nor is the zero value of a field tagged
// omitempty or omitzero or of a parameter that is not required: they count
// as absent (use a pointer to check a zero value). A tag that does not parse
// or does not fit its field makes construction panic, naming the type, the
// field and the tag.
//
// The tags are checked after the body is decoded and the parameters bound.
// Failures get 422, with every invalid value (up to 100) listed in the
// error body's "fields" member by path, rule and message:
//
//	{"error":"unprocessable_entity","description":"body.name: must be at most 100 characters (and 1 more)",
//	 "fields":[{"path":"body.name","rule":"maxLength","message":"must be at most 100 characters"},
//	           {"path":"query.limit","rule":"maximum","message":"must be at most 100"}]}
//
// If the request value has a Validate() error method, it runs last, once
// the tags pass; its error gets 422 with its message, or the status the
// error carries.
//
// # Responses
//
// A client whose Accept header rules out application/json gets 406 before
// the function runs. Accept is read as RFC 9110 says: the most specific media
// range wins, so "application/json;q=0, */*" refuses JSON.
//
// A function that returns *Response[T] chooses its status and headers per
// call (201 with a Location, say); the other shapes return them as Tiger
// Tonic's did, or answer 200. Status 0 means 200; a status without an error
// must be 200-599. Headers the
// function returns replace those already set, also when it returns an error.
// The body is encoded into memory before the header is written, so an
// encoding failure is a clean 500. A nil response encodes as null; 204, 304
// and HEAD responses have no body. Content-Type is application/json unless
// the function set a JSON type of its own.
//
// A response whose declared type is an io.Reader is streamed as it is,
// never encoded as JSON: an interface (io.Reader, io.ReadCloser) or a
// concrete type (*os.File, *bytes.Buffer, *strings.Reader) alike, and
// *Response[T] of one of those. The function must set a Content-Type that
// the client accepts (else 500 or 406, decided after the call since the
// type is the function's), and the reader is closed, when it is an
// io.Closer, on every path, whether it was declared as one or not. A nil
// reader, or a nil pointer, sends the header with no body. Tiger Tonic
// streamed only interface types and encoded a concrete reader as JSON.
//
// # Errors
//
// Errors are written with tonic.WriteError, in the format the service chose
// (tonic.JSONErrors by default, or tonic.ProblemErrors). The status comes
// from the error, through wrapping (tonic.Error or any StatusCode() int
// method), else from the returned int; a status below 400 or an invalid one
// returned with an error becomes 500. An error that carries its status is
// public: its message is shown whatever the status. A plain error with a 5xx
// status is private: the client sees a generic description, and the detail
// is logged at error level to the zerolog logger in the request's context
// (see zerolog.Ctx); 4xx errors are logged there at debug level.
//
// # Performance
//
// The request body is read into a pooled buffer and decoded with one
// Codec.Unmarshal call, and Accept and Content-Type are matched exactly in
// their common forms before any parsing. Codec lets a service plug a faster
// JSON library in; the default is encoding/json.
package marshal
