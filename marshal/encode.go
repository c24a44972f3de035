package marshal

import (
	"bytes"
	"encoding/json"
)

// encoder is a pooled buffer with an encoding/json encoder writing into it,
// for responses encoded with StdCodec: Encode writes what json.Marshal
// returns, and the newline marshal adds, without Marshal's copy of the
// result or the copy that appending the newline makes.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// encode encodes v as the body of a response, newline included: with a
// pooled encoder for StdCodec, which it returns, else with the codec's
// Marshal (and a nil encoder). The caller gives a non-nil encoder back with
// putEncoder once the body is written, and then no longer uses the body.
func (h *Handler) encode(v any) (body []byte, e *encoder, err error) {
	if _, std := h.codec.(StdCodec); !std {
		body, err = h.codec.Marshal(v)
		return append(body, '\n'), nil, err
	}
	e, _ = h.encoders.Get().(*encoder)
	if e == nil {
		e = &encoder{}
		e.enc = json.NewEncoder(&e.buf)
	}
	if err := e.enc.Encode(v); err != nil {
		h.putEncoder(e)
		return nil, nil, err
	}
	return e.buf.Bytes(), e, nil
}

// putEncoder returns e to the pool, empty, unless its buffer grew too
// large to keep (see maxPooledBuffer).
func (h *Handler) putEncoder(e *encoder) {
	if e.buf.Cap() <= maxPooledBuffer {
		e.buf.Reset()
		h.encoders.Put(e)
	}
}
