// Package tonictest is the test kit of tonic services: typed requests
// served in process through the real mux and middleware, assertions on
// error bodies, requests that look as if a mux had matched them, and a real
// server on a loopback port for end-to-end tests.
//
//	thing := tonictest.Do[Thing](t, things(), "GET /things/{id}", &GetThing{ID: "7"})
//
//	rec := tonictest.Serve(t, things(), "GET /things/{id}", &GetThing{ID: "0"})
//	e := tonictest.Error(t, rec, http.StatusNotFound, "path.id")
//
// (ExampleDo runs it.)
//
// Do, Serve and NewRequest build the request exactly as package client
// sends it: the pattern's wildcards filled from the request's path fields,
// its query and header fields, and the JSON body of the rest (see
// client.Call). Do and Serve hand it to the handler with an
// httptest.ResponseRecorder, and dump the request and the response in the
// test's log only if the test fails.
//
// NewRequest returns the request as the handler of the pattern sees it once
// a mux has matched it, r.Pattern and path values set, to test a handler or
// a middleware alone. Matched runs any request through the matching of a
// real mux (and the muxes and namespaces under it) and returns the request
// the route's handler would get, without serving it: what Tiger Tonic's
// mocking.URL gave. Header is the headers of a JSON client, as
// mocking.Header was.
//
// NewServer serves a handler through a real server.Server on 127.0.0.1,
// over HTTP or HTTPS with a certificate that its Client trusts, and shuts it
// down gracefully when the test ends.
//
// The helpers take a testing.TB and fail the test with t.Fatal or t.Error,
// so they are called from the test's goroutine.
package tonictest
