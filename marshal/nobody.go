package marshal

import (
	"io"
	"net/http"

	"github.com/seed78c03fa0/tonic/tonic"
)

// noBodyMessage is the description of the 413 for a body sent to a
// function that cannot see one.
const noBodyMessage = "this endpoint takes no request body"

// refuseBody returns the 413 error when r carries a body, for a function
// that takes neither a request value nor the *http.Request: its body would
// otherwise be dropped unread. A body of unknown length (chunked) is
// probed for one byte, so that an empty one passes; a declared one is
// refused unread.
func refuseBody(r *http.Request) error {
	if !hasBody(r) {
		return nil
	}
	if r.ContentLength < 0 {
		var b [1]byte
		n, err := io.ReadFull(r.Body, b[:])
		switch {
		case n == 0 && err == io.EOF:
			return nil
		case n == 0:
			return readError(err, 0)
		}
	}
	return tonic.NewError(http.StatusRequestEntityTooLarge, noBodyMessage)
}
