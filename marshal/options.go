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

	// The fields below document the endpoint for the openapi package,
	// which reads them with Handler.Options; they change nothing about how
	// it serves. See document.go.

	// OperationID names the operation in the OpenAPI document. Defaults to
	// the function's name ("create" for the method value s.create).
	OperationID string
	// Summary is a one-line description of the endpoint. Defaults to none.
	Summary string
	// Description describes the endpoint at length, in CommonMark.
	// Defaults to none.
	Description string
	// Tags group the endpoint with others in documentation. Defaults to
	// none.
	Tags []string
	// Hidden leaves the endpoint out of the OpenAPI document. Defaults to
	// false.
	Hidden bool
	// Status is the status of a successful response: declare it for a
	// function that returns *Response[T] with a status of its own, such as
	// 201 or 204, which is only known when it runs. It must be 200-399.
	// Defaults to 200.
	Status int
	// Errors are the errors the function returns, given as values that
	// carry their status and name (a *tonic.Error, or any error with a
	// StatusCode() int method and perhaps a Name() string method): the
	// document lists them beside those the Handler answers itself. Each
	// must carry a status of 400 or more. Defaults to none.
	Errors []error
}

// config is the options with the defaults applied.
type config struct {
	maxBody int64
	codec   Codec
	doc     Options // the documentation fields
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
	if err := checkDoc(o); err != nil {
		panic(fmt.Sprintf("marshal: %s: %v", who, err))
	}
	c.doc = o
	return c
}
