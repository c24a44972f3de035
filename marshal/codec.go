package marshal

import "encoding/json"

// Codec converts between Go values and JSON text. A service plugs in a
// faster JSON library by implementing it; the default is StdCodec.
// Implementations must be safe for concurrent use.
//
// Whatever the codec, marshal itself rejects unknown and repeated object
// keys (see the package documentation), and names the field of an
// encoding/json *json.UnmarshalTypeError in JSON terms; other codecs' errors
// are shown to the client as they are, so they should not name Go types.
type Codec interface {
	// Marshal returns the JSON encoding of v.
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes the single JSON value in data into v, a non-nil
	// pointer, and rejects trailing data. It must not keep data, which is
	// reused once it returns.
	Unmarshal(data []byte, v any) error
}

// StdCodec is the Codec of the standard library's encoding/json.
type StdCodec struct{}

// Marshal calls json.Marshal.
func (StdCodec) Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal calls json.Unmarshal, which rejects trailing data.
func (StdCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
