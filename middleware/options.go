package middleware

import "fmt"

// oneOptions returns the one options struct given to the constructor who,
// or the zero value when none was; it panics when there are more.
func oneOptions[O any](who string, opts []O) O {
	var o O
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		panic(fmt.Sprintf("middleware: %s: %d %T values, want at most one", who, len(opts), o))
	}
	return o
}
