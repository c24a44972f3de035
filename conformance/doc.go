// Package conformance holds the tests that check tonic's OpenAPI documents
// with other people's validators: that the documents are valid OpenAPI
// 3.1 (github.com/pb33f/libopenapi and libopenapi-validator's document
// check), and that exampled, run as a process, answers only what its
// document says (libopenapi-validator's request and response checks). It is
// a module of its own so that the validators stay out of tonic's go.mod;
// `make test` runs it.
package conformance
