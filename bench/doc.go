// Package bench holds tonic's comparative benchmarks against other Go routers
// and frameworks. It is a separate module so that tonic's own go.mod carries
// only what its users need.
package bench
