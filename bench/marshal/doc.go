// Package marshal compares tonic's marshal package with a hand-written
// encoding/json handler, Huma v2 and gin on the same typed POST endpoint, and
// checks that marshal binds path values on chi. It holds only tests and
// benchmarks; see BENCHMARKS.md at the top of the repository for the results.
package marshal
