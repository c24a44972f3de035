package marshal

import "fmt"

// DefaultMaxBodyBytes is the largest request body a Handler reads unless
// MaxBodyBytes says otherwise: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

// Option configures a Handler at construction.
type Option func(*config)

// config is what the options set.
type config struct {
	maxBody int64
	codec   Codec
}

// newConfig applies opts over the defaults.
func newConfig(opts []Option) config {
	c := config{maxBody: DefaultMaxBodyBytes, codec: StdCodec{}}
	for _, opt := range opts {
		if opt == nil {
			panic("marshal: nil Option")
		}
		opt(&c)
	}
	return c
}

// MaxBodyBytes sets the largest request body the handler reads; a larger one
// gets 413 Request Entity Too Large without running the function. Defaults
// to DefaultMaxBodyBytes (1 MiB). It panics if n is not positive.
func MaxBodyBytes(n int64) Option {
	if n <= 0 {
		panic(fmt.Sprintf("marshal: MaxBodyBytes(%d): want a positive number of bytes", n))
	}
	return func(c *config) { c.maxBody = n }
}

// WithCodec sets the JSON codec. Defaults to StdCodec (encoding/json). It
// panics if codec is nil.
func WithCodec(codec Codec) Option {
	if codec == nil {
		panic("marshal: WithCodec(nil): want a Codec")
	}
	return func(c *config) { c.codec = codec }
}
