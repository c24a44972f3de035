package marshal

import (
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"reflect"
	"slices"
	"strings"

	"github.com/rs/zerolog"
	"github.com/seed78c03fa0/tonic/tonic"
)

// readerType is io.Reader, the interface a streamed response implements.
var readerType = reflect.TypeFor[io.Reader]()

// isStream reports whether a declared response type is streamed: any type
// that implements io.Reader, an interface (io.Reader, io.ReadCloser) or a
// concrete type (*os.File, *bytes.Buffer).
func isStream(t reflect.Type) bool {
	return t != nil && t.Implements(readerType)
}

// respond writes a JSON response. The body is encoded before the header is
// written, so an encoding failure is a clean 500.
func (h *Handler) respond(w http.ResponseWriter, r *http.Request, res result) {
	status, ok := settle(w, r, res)
	if !ok {
		return
	}
	if !bodyAllowed(status) {
		w.WriteHeader(status)
		return
	}
	if r.Method == http.MethodHead {
		setJSONContentType(w.Header())
		w.WriteHeader(status)
		return
	}
	body, e, err := h.encode(res.body)
	if e != nil {
		defer h.putEncoder(e)
	}
	if err != nil {
		fail(w, r, http.StatusInternalServerError, fmt.Errorf("marshal: encoding the response: %w", err))
		return
	}
	setJSONContentType(w.Header())
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client is gone
}

// respondStream writes a streamed response. The reader is closed, when it
// is an io.Closer, whatever happens.
func (h *Handler) respondStream(w http.ResponseWriter, r *http.Request, res result) {
	rd := streamReader(res.body)
	if c, ok := rd.(io.Closer); ok {
		defer closeStream(r, c)
	}
	status, ok := settle(w, r, res)
	if !ok {
		return
	}
	ct := w.Header().Get("Content-Type")
	if ct == "" {
		fail(w, r, http.StatusInternalServerError, fmt.Errorf("marshal: stream response without a Content-Type header"))
		return
	}
	if mt := mediaType(ct); !tonic.Accepts(tonic.AcceptHeader(r), mt) {
		fail(w, r, 0, notAcceptable(r, mt))
		return
	}
	w.WriteHeader(status)
	if rd == nil || !bodyAllowed(status) || r.Method == http.MethodHead {
		return
	}
	if _, err := io.Copy(w, rd); err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("marshal: streaming the response body")
	}
}

// streamReader returns a streamed body as an io.Reader, or nil when there is
// nothing to read: a nil interface, or a nil pointer, map, slice, channel or
// function in one (a typed nil), which reading or closing would panic on.
func streamReader(body any) io.Reader {
	rd, _ := body.(io.Reader)
	if rd == nil {
		return nil
	}
	switch v := reflect.ValueOf(rd); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func:
		if v.IsNil() {
			return nil
		}
	}
	return rd
}

// closeStream closes a streamed body and logs a failure.
func closeStream(r *http.Request, c io.Closer) {
	if err := c.Close(); err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("marshal: closing the response body")
	}
}

// settle applies the function's header and, when it returned an error or a
// status it may not return, writes the error response. Otherwise it returns
// the status to answer with.
func settle(w http.ResponseWriter, r *http.Request, res result) (status int, ok bool) {
	copyHeader(w.Header(), res.header)
	if res.err != nil {
		fail(w, r, res.status, res.err)
		return 0, false
	}
	status, err := successStatus(res.status)
	if err != nil {
		fail(w, r, http.StatusInternalServerError, err)
		return 0, false
	}
	return status, true
}

// successStatus returns the status of a response without an error: 0 means
// 200; anything else must be a final status, 200 to 599.
func successStatus(status int) (int, error) {
	switch {
	case status == 0:
		return http.StatusOK, nil
	case status < 200 || status > 599:
		return 0, fmt.Errorf("marshal: the function returned status %d without an error, want 0 or 200-599", status)
	}
	return status, nil
}

// bodyAllowed reports whether a response with this status has a body.
func bodyAllowed(status int) bool {
	return status != http.StatusNoContent && status != http.StatusNotModified
}

// copyHeader applies the header the function returned: each key it names
// replaces the values already set, and a key with no values removes them.
func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		k = textproto.CanonicalMIMEHeaderKey(k)
		if len(vs) == 0 {
			delete(dst, k)
			continue
		}
		dst[k] = slices.Clone(vs)
	}
}

// setJSONContentType sets Content-Type to application/json unless it
// already names a JSON type.
func setJSONContentType(h http.Header) {
	if v := h["Content-Type"]; len(v) == 1 && isJSONMediaType(v[0]) {
		return
	}
	h.Set("Content-Type", "application/json")
}

// mediaType returns the type/subtype of a Content-Type value, in lower case.
func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
