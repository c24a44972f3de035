package middleware

import (
	"context"

	"github.com/rs/zerolog"
)

// zerologContextKey returns the context key under which zerolog.Ctx looks
// for a request's logger. zerolog does not export it; asking zerolog.Ctx
// once, with a context that notes the key it is asked for, learns it. Logged
// then answers that key from the request's tonic.Record, so handlers find
// their logger with zerolog.Ctx without the request being copied to carry
// it. A test checks that zerolog.Ctx finds it.
func zerologContextKey() any {
	p := &keyProbe{Context: context.Background()}
	zerolog.Ctx(p)
	return p.key
}

// keyProbe is a context that notes the first key it is asked for.
type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any {
	if p.key == nil {
		p.key = key
	}
	return nil
}
