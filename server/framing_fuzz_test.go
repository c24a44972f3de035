package server

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

// FuzzFraming sends, over a real connection, a POST whose framing headers
// (Content-Length and Transfer-Encoding, either or both, in any order and
// case) and body the fuzzer chooses, with a GET pipelined behind it. Every
// exchange must end (the server answers and closes), no answer may be a
// server error other than net/http's own answers to a malformed request
// (501 for an unknown Transfer-Encoding, 505 for a bad protocol version),
// and when the POST carried both headers the GET is never served and the
// POST's answer closes the connection.
func FuzzFraming(f *testing.F) {
	const (
		withCL = 1 << iota
		withTE
		teFirst
		lowerNames
		upperNames
		bareLF
	)
	f.Add("5", "chunked", []byte(chunkedName), uint8(withCL|withTE))
	f.Add("0", "chunked", []byte(chunkedName), uint8(withCL|withTE|teFirst|lowerNames))
	f.Add("13", "chunked", []byte(`{"name":"ok"}`), uint8(withCL|withTE|upperNames))
	f.Add("13", "", []byte(`{"name":"ok"}`), uint8(withCL))
	f.Add("", "chunked", []byte(chunkedName), uint8(withTE|bareLF))
	f.Add("3", "gzip, chunked", []byte("0\r\n\r\n"), uint8(withCL|withTE))
	f.Add("3", "Chunked", []byte("0\r\n\r\n"), uint8(withCL|withTE|bareLF))
	f.Add("13, 13", "identity", []byte(`{"name":"ok"}`), uint8(withCL|withTE))
	f.Add("99", "chunked", []byte("ffffffffffffffff\r\nx"), uint8(withCL|withTE))
	f.Add("1", "chunked", []byte("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"), uint8(withCL|withTE))
	s, _ := newTestServer(f, echoLen(), Options{})
	ln := listenFuzz(f)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	f.Cleanup(func() { s.Close(); <-done })
	addr := ln.Addr().String()
	f.Fuzz(func(t *testing.T, cl, te string, body []byte, flags uint8) {
		if strings.ContainsAny(cl+te, "\r\n") {
			t.Skip("a value that ends its header line is another header")
		}
		eol := "\r\n"
		if flags&bareLF != 0 {
			eol = "\n"
		}
		name := func(n string) string {
			switch {
			case flags&lowerNames != 0:
				return strings.ToLower(n)
			case flags&upperNames != 0:
				return strings.ToUpper(n)
			}
			return n
		}
		var head []string
		if flags&withCL != 0 {
			head = append(head, name("Content-Length")+": "+cl+eol)
		}
		if flags&withTE != 0 {
			te := name("Transfer-Encoding") + ": " + te + eol
			if flags&teFirst != 0 {
				head = append([]string{te}, head...)
			} else {
				head = append(head, te)
			}
		}
		raw := "POST /a HTTP/1.1" + eol + "Host: x" + eol + "Content-Type: application/json" + eol +
			strings.Join(head, "") + eol + string(body) + pipelinedGET
		got := exchangeConn(t, addr, nil, raw, true) // a short body ends at the half-close
		for _, r := range got {
			if r.status >= 500 && r.status != http.StatusNotImplemented && r.status != http.StatusHTTPVersionNotSupported {
				t.Fatalf("%q: got %+v, want no server error", raw, got)
			}
		}
		if flags&(withCL|withTE) != withCL|withTE {
			return
		}
		for _, r := range got {
			if r.body == "b served" {
				t.Fatalf("%q: the request behind an ambiguous body was served: %+v", raw, got)
			}
		}
		if len(got) > 0 && !got[0].close {
			t.Fatalf("%q: got %+v, want the first answer to close the connection", raw, got)
		}
	})
}

// listenFuzz is listen for a fuzz target.
func listenFuzz(f *testing.F) net.Listener {
	f.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	return ln
}
