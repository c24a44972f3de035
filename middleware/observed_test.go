package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// observer returns a callback that keeps its observations.
func observer() (func(*http.Request, Observation), func() []Observation) {
	var mu sync.Mutex
	var got []Observation
	return func(_ *http.Request, o Observation) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, o)
		}, func() []Observation {
			mu.Lock()
			defer mu.Unlock()
			return append([]Observation(nil), got...)
		}
}

func TestObserved(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		h       http.Handler
		opts    ObserveOptions
		want    Observation // Header is checked apart
		ct      string      // the observed Content-Type
		panics  bool
		respond int // the status the client gets
	}{
		{name: "status and size", h: text(http.StatusCreated, "hello world"), respond: 201, ct: "text/plain",
			want: Observation{Status: 201, Bytes: 11}},
		{name: "bounded body", h: text(http.StatusOK, "hello world"), opts: ObserveOptions{Body: 5}, respond: 200, ct: "text/plain",
			want: Observation{Status: 200, Bytes: 11, Body: []byte("hello"), BodyTruncated: true}},
		{name: "whole body", h: text(http.StatusOK, "hi"), opts: ObserveOptions{Body: 5}, respond: 200, ct: "text/plain",
			want: Observation{Status: 200, Bytes: 2, Body: []byte("hi")}},
		{name: "implicit 200", h: noop, respond: 200, want: Observation{Status: 200}},
		{name: "implicit 200 by a write", h: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, "x")
		}), respond: 200, ct: "text/plain; charset=utf-8", // sniffed into the map by the recorder
			want: Observation{Status: 200, Bytes: 1}},
		{name: "panic before the header", h: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }),
			panics: true, respond: 200, want: Observation{Status: 0, Panicked: true}},
		{name: "panic after the header", h: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusAccepted)
			panic("boom")
		}), panics: true, respond: 202, want: Observation{Status: 202, Panicked: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, got := observer()
			h := Observed(f, tt.opts)(tt.h)
			w := httptest.NewRecorder()
			serveExpectingPanic(t, h, func() http.ResponseWriter { return w }, httptest.NewRequest("GET", "/", nil), tt.panics)
			obs := got()
			if len(obs) != 1 {
				t.Fatalf("got %d observations, want 1", len(obs))
			}
			o := obs[0]
			if ct := o.Header.Get("Content-Type"); ct != tt.ct {
				t.Errorf("got Content-Type %q, want %q", ct, tt.ct)
			}
			o.Header = nil
			if o.Status != tt.want.Status || o.Bytes != tt.want.Bytes || string(o.Body) != string(tt.want.Body) ||
				(o.Body == nil) != (tt.want.Body == nil) || o.BodyTruncated != tt.want.BodyTruncated ||
				o.Hijacked != tt.want.Hijacked || o.Panicked != tt.want.Panicked {
				t.Errorf("got %+v, want %+v", o, tt.want)
			}
			if w.Code != tt.respond {
				t.Errorf("client got %d, want %d", w.Code, tt.respond)
			}
		})
	}
}

// Observed outside Logged, and Logged outside Observed, each keep the body
// within their own bound on the one shared wrapper.
func TestObservedBesideLogged(t *testing.T) {
	t.Parallel()
	for _, observedOutside := range []bool{true, false} {
		f, got := observer()
		logger, logs := testLogger()
		observed, logged := Observed(f, ObserveOptions{Body: 3}), Logged(logger, LogOptions{ResponseBody: 100})
		stack := Chain(logged, observed)
		if observedOutside {
			stack = Chain(observed, logged)
		}
		serve(stack(text(http.StatusOK, "hello world")), httptest.NewRequest("GET", "/", nil))
		if o := got(); len(o) != 1 || string(o[0].Body) != "hel" || !o[0].BodyTruncated {
			t.Errorf("observed outside %v: got %+v, want body \"hel\" truncated", observedOutside, o)
		}
		if !strings.Contains(logs.String(), `"response_body":"hello world"`) {
			t.Errorf("observed outside %v: got log %s, want the whole body", observedOutside, logs.String())
		}
	}
}

// A hijacked connection is reported without a status, and Flush and
// Hijack work through Observed.
func TestObservedHijack(t *testing.T) {
	t.Parallel()
	f, got := observer()
	done := make(chan struct{})
	h := Observed(f)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack got %v, want nil", err)
			return
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n")
		_ = brw.Flush()
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n")
	status, _ := bufio.NewReader(conn).ReadString('\n')
	<-done
	if status != "HTTP/1.1 101 Switching Protocols\r\n" {
		t.Errorf("got %q, want 101", status)
	}
	if o := got(); len(o) != 1 || !o[0].Hijacked || o[0].Status != 0 {
		t.Errorf("got %+v, want one hijacked observation with status 0", o)
	}
}

func TestObservedRejectsMisuse(t *testing.T) {
	t.Parallel()
	f := func(*http.Request, Observation) {}
	wantPanicPrefix(t, "the callback is nil", func() { Observed(nil) })
	wantPanicPrefix(t, "negative body bound", func() { Observed(f, ObserveOptions{Body: -1}) })
	wantPanicPrefix(t, "2 middleware.ObserveOptions values", func() { Observed(f, ObserveOptions{}, ObserveOptions{}) })
	wantPanicPrefix(t, "Observed applied to a nil handler", func() { Observed(f)(nil) })
	if got := Observed(f)(noop).(interface{ Unwrap() http.Handler }).Unwrap(); got == nil {
		t.Error("got Unwrap nil, want the wrapped handler")
	}
}
