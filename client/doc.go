// Package client calls JSON services with the request and response types
// of their handlers: a typed Go client with no code generation. The request
// struct that marshal binds on the server is the one the client sends, with
// the same tags:
//
//	type GetThing struct {
//		ID      string `path:"id"`
//		Verbose bool   `query:"verbose"`
//	}
//
//	c, err := client.New(srv.URL)
//	thing, err := client.Call[Thing](ctx, c, "GET /things/{id}", &GetThing{ID: "7", Verbose: true})
//
// (Example serves and calls it.) Call fills the {id} wildcard, escaped,
// from the field tagged path:"id", the query from the fields tagged query,
// the headers from those tagged header, and the JSON body from the other
// fields, as marshal.BindingOf describes them; so a handler made by
// marshal.Typed reads back the value that was sent. It decodes a 2xx response's JSON body into the response
// type. Do also returns the status and headers. NewRequest returns the
// request a call would send.
//
// The pattern and the request type are checked together at their first
// call: a wildcard that no field binds, or a path field whose wildcard is
// missing, fails that call and every later one with an error that names
// them. What a Client learns of a type and a pattern is kept on the Client,
// so later calls do no reflection on types, only on values.
//
// # Errors
//
// An error response becomes a *tonic.Error, the error type the service
// answered with: its Status, Code ("not_found"), Message (the description),
// RequestID and Fields, read from tonic's JSON errors, from RFC 9457 problem
// details and from plain text alike (see ParseError). errors.As and
// tonic.StatusOf find it:
//
//	var e *tonic.Error
//	if errors.As(err, &e) {
//		fmt.Println(e.Status, e.Code, e.Message)
//	}
//
// A service that returns such an error from its own handler answers with
// the same status and description, under its own request ID.
//
// # Transport
//
// A Client made without Options.HTTPClient has a pooled transport of its
// own: keep-alive connections, up to 32 idle per host, HTTP/2 when the
// server offers it. Every call has a timeout (Options.Timeout, 30s by
// default), sends Accept: application/json, and carries the request ID of
// its context (tonic.RequestIDFrom) in X-Request-ID, so a service that
// calls another logs one ID for both. Retries are off unless
// Options.Retries says otherwise, and then only for idempotent methods,
// after a connection error or a 429, 502, 503 or 504 answer, with
// exponential backoff and jitter, honouring Retry-After.
//
// Credentials go in Options.Header, never in the URL (New refuses a base URL
// with a user and password); BasicAuth makes the header of HTTP Basic
// authentication:
//
//	c, err := client.New("https://api.test/v1", client.Options{
//		Header: http.Header{"Authorization": {client.BasicAuth("alice", "s3cret")}},
//	})
package client
