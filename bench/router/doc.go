// Package router compares tonic's TrieServeMux with other Go routers on the
// same route sets and requests, in one benchmark run.
package router
