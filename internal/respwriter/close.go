package respwriter

import "net/http"

// CloseAfter makes the server close the connection of r, an HTTP/1
// request, once the response is sent, whatever wraps w: it sets the
// "Connection: close" response header, which net/http honours, and when w
// is the shared wrapper it also marks it (see Writer.CloseConn), so that
// the header is put back if a layer replaces the header map before it goes
// out. An HTTP/2 request is left alone: its body is framed by its own
// stream, and "Connection: close" would end every stream of the connection.
// It must be called before the header is written.
func CloseAfter(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 1 {
		return
	}
	if rw, ok := w.(*Writer); ok {
		rw.CloseConn = true
	}
	w.Header().Set("Connection", "close")
}

// Innermost follows Unwrap from w to the writer net/http gave the handler:
// the one http.MaxBytesReader needs to tell net/http to stop reading a body
// over its limit and close the connection, which a wrapper hides from it.
func Innermost(w http.ResponseWriter) http.ResponseWriter {
	for {
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return w
		}
		w = u.Unwrap()
	}
}
