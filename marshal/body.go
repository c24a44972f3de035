package marshal

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/seed78c03fa0/tonic/internal/respwriter"
	"github.com/seed78c03fa0/tonic/tonic"
)

// minRead is how much room the body buffer makes before each read.
const minRead = 512

// maxPrealloc bounds the buffer made ahead for a declared Content-Length.
// A larger body grows the buffer as its bytes arrive, so that a client that
// declares a large body and sends little cannot make the handler hold the
// whole limit in memory.
const maxPrealloc = maxPooledBuffer

// errTooLarge marks a body over the handler's limit found by readBody.
var errTooLarge = errors.New("body too large")

// hasBody reports whether r carries a body: a declared length above zero,
// or an unknown length (chunked) with a body reader.
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || (r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody)
}

// isJSONMediaType reports whether a Content-Type value names JSON:
// application/json or a +json type, in UTF-8 if a charset is given. The
// common spellings are matched exactly, without parsing.
func isJSONMediaType(ct string) bool {
	switch ct {
	case "application/json", "application/json; charset=utf-8", "application/json;charset=utf-8",
		"application/json; charset=UTF-8", "application/json;charset=UTF-8":
		return true
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return false
	}
	typ, sub, _ := strings.Cut(mt, "/")
	return typ != "" && (mt == "application/json" || strings.HasSuffix(sub, "+json"))
}

// contentTypeError returns the 415 error for a request Content-Type, or nil
// when it is JSON. A missing type is an error only for a non-empty body,
// which the caller knows after reading.
func contentTypeError(values []string) error {
	switch {
	case len(values) == 0:
		return nil
	case len(values) > 1:
		return tonic.NewError(http.StatusUnsupportedMediaType, "Content-Type is given more than once, want one application/json")
	case !isJSONMediaType(values[0]):
		return tonic.Errorf(http.StatusUnsupportedMediaType, "Content-Type is %q, want application/json", values[0])
	}
	return nil
}

// tooLarge returns the 413 error for a limit of n bytes.
func tooLarge(n int64) error {
	return tonic.Errorf(http.StatusRequestEntityTooLarge, "body is larger than %d bytes", n)
}

// readBody reads r's body into buf (reused from a pool) and returns it. A
// body over limit, declared or found while reading, gives 413, as does a
// *http.MaxBytesError from a limit set outside the handler; the connection
// of an HTTP/1 request is then closed after the response (whatever wraps
// w), so that what follows the body is never served as a request. A
// chunked body is read through http.MaxBytesReader on the writer net/http
// gave, which also stops net/http from draining the rest.
func readBody(w http.ResponseWriter, r *http.Request, buf []byte, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		respwriter.CloseAfter(w, r)
		return buf, tooLarge(limit)
	}
	body := r.Body
	if r.ContentLength < 0 {
		body = http.MaxBytesReader(respwriter.Innermost(w), body, limit)
	} else if need := min(int(r.ContentLength)+1, maxPrealloc); cap(buf) < need {
		buf = make([]byte, 0, need) // +1 leaves room to see EOF without growing
	}
	buf, err := readLimited(buf, body, limit)
	if err != nil {
		err = readError(err, limit)
		if status, _ := tonic.StatusOf(err); status == http.StatusRequestEntityTooLarge {
			respwriter.CloseAfter(w, r)
		}
		return buf, err
	}
	return buf, nil
}

// readError returns the 413, 408 or 400 error for a failed read. Its
// public message never quotes err, whose text may name the server's socket
// addresses ("read tcp 10.0.0.5:8000->...: i/o timeout"); err stays
// wrapped for the log.
func readError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	var timeout interface{ Timeout() bool }
	switch {
	case errors.Is(err, errTooLarge):
		return tooLarge(limit)
	case errors.As(err, &mbe):
		return tooLarge(mbe.Limit)
	case errors.As(err, &timeout) && timeout.Timeout():
		return tonic.WrapError(http.StatusRequestTimeout, err, "body could not be read: it did not arrive in time")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return tonic.WrapError(http.StatusBadRequest, err, "body could not be read: it ended early")
	}
	return tonic.WrapError(http.StatusBadRequest, err, "body could not be read")
}

// readLimited appends what body holds to buf, failing with errTooLarge
// beyond limit bytes. It is io.ReadAll with a caller's buffer and a limit,
// so that a pooled buffer serves every request without allocating.
func readLimited(buf []byte, body io.Reader, limit int64) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, make([]byte, minRead)...)[:len(buf)]
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf, errTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
