package marshal

import "fmt"

// DefaultMaxBodyBytes is the largest request body a Handler reads unless
// Options.MaxBodyBytes says otherwise: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

// Options configures a Handler at construction. The zero value means the
// defaults.
type Options struct {
	// MaxBodyBytes is the largest request body the handler reads; a larger
	// one gets 413 Request Entity Too Large without running the function.
	// Defaults to DefaultMaxBodyBytes (1 MiB); negative values panic.
	MaxBodyBytes int64

	// Codec encodes and decodes JSON. Defaults to StdCodec
	// (encoding/json).
	Codec Codec
}

// config is the options with the defaults applied.
type config struct {
	maxBody int64
	codec   Codec
}

// newConfig applies the one options value of who, if given, over the
// defaults. It panics on more than one, or on a negative body limit.
func newConfig(who string, opts []Options) config {
	if len(opts) > 1 {
		panic(fmt.Sprintf("marshal: %s with %d Options, want at most one", who, len(opts)))
	}
	c := config{maxBody: DefaultMaxBodyBytes, codec: StdCodec{}}
	if len(opts) == 0 {
		return c
	}
	o := opts[0]
	switch {
	case o.MaxBodyBytes < 0:
		panic(fmt.Sprintf("marshal: %s: Options.MaxBodyBytes is %d, want a positive number of bytes (or 0 for the default)", who, o.MaxBodyBytes))
	case o.MaxBodyBytes > 0:
		c.maxBody = o.MaxBodyBytes
	}
	if o.Codec != nil {
		c.codec = o.Codec
	}
	return c
}
