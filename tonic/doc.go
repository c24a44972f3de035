// Package tonic is the core of the tonic JSON web-service framework: a trie
// mux that understands methods and {wildcards}, virtual hosts, namespaces,
// one error model for the whole framework, and a server with a production
// lifecycle.
//
// # Errors
//
// Every tonic component reports an HTTP error the same way. An error carries
// its status when it is an *Error (see NewError, Errorf and WrapError) or when
// anything it wraps has a StatusCode() int method, as Tiger Tonic's errors do;
// StatusOf finds it through wrapping. Such an error is public: its message is
// shown to the client. A plain error with a 5xx status is private: the client
// sees the generic status text and the detail belongs in the logs.
//
// WriteError writes the response with the ErrorWriter that the request's
// context carries: JSONErrors by default, which writes
//
//	{"error":"not_found","description":"GET /nope not found"}
//
// or ProblemErrors for RFC 9457 application/problem+json. A service chooses
// the format once, with ContextWithErrorWriter on the server's base context
// or the UseErrorWriter middleware; there is no package-level switch. A client
// whose Accept header excludes JSON gets text/plain.
package tonic
