package respwriter

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestWriterRecordsStatusAndBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		h         func(w http.ResponseWriter)
		status    int
		bytes     int64
		written   bool
		wantCode  int
		wantBody  string
		wantCType string
	}{
		{name: "nothing written is the implicit 200", h: func(http.ResponseWriter) {},
			status: 200, wantCode: 200},
		{name: "write without header is 200 and keeps sniffing",
			h:      func(w http.ResponseWriter) { _, _ = io.WriteString(w, "<html>hi") },
			status: 200, bytes: 8, written: true, wantCode: 200, wantBody: "<html>hi",
			wantCType: "text/html; charset=utf-8"},
		{name: "explicit status", h: func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusTeapot)
			_, _ = io.WriteString(w, "abc")
			_, _ = io.WriteString(w, "de")
		}, status: 418, bytes: 5, written: true, wantCode: 418, wantBody: "abcde"},
		{name: "1xx does not end the header phase", h: func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusCreated)
		}, status: 201, written: true}, // httptest.ResponseRecorder takes 103 as final: code not checked
		{name: "second WriteHeader is not recorded", h: func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusAccepted)
			w.WriteHeader(http.StatusInternalServerError)
		}, status: 202, written: true, wantCode: 202},
		{name: "ReadFrom counts and is implicit 200", h: func(w http.ResponseWriter) {
			_, _ = w.(io.ReaderFrom).ReadFrom(strings.NewReader("streamed"))
		}, status: 200, bytes: 8, written: true, wantCode: 200, wantBody: "streamed"},
		{name: "flush is implicit 200", h: func(w http.ResponseWriter) { w.(http.Flusher).Flush() },
			status: 200, written: true, wantCode: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			rw := Wrap(rec)
			tt.h(rw)
			if got := rw.Status(); got != tt.status {
				t.Errorf("Status() got %d, want %d", got, tt.status)
			}
			if rw.Bytes != tt.bytes {
				t.Errorf("bytes got %d, want %d", rw.Bytes, tt.bytes)
			}
			if rw.Written() != tt.written {
				t.Errorf("written() got %v, want %v", rw.Written(), tt.written)
			}
			if tt.wantCode != 0 && (rec.Code != tt.wantCode || rec.Body.String() != tt.wantBody) {
				t.Errorf("recorder got %d %q, want %d %q", rec.Code, rec.Body, tt.wantCode, tt.wantBody)
			}
			if got := rec.Header().Get("Content-Type"); tt.wantCType != "" && got != tt.wantCType {
				t.Errorf("Content-Type got %q, want %q", got, tt.wantCType)
			}
		})
	}
}

func TestWrapReusesTheWrapper(t *testing.T) {
	t.Parallel()
	rw := Wrap(httptest.NewRecorder())
	if again := Wrap(rw); again != rw {
		t.Errorf("wrap of a wrapper got a new wrapper, want the same one")
	}
}

// readerFromWriter is a ResponseWriter whose ReadFrom records its use.
type readerFromWriter struct {
	*httptest.ResponseRecorder
	used bool
}

func (w *readerFromWriter) ReadFrom(r io.Reader) (int64, error) {
	w.used = true
	return io.Copy(w.ResponseRecorder, r)
}

func TestWriterReadFromUsesUnderlying(t *testing.T) {
	t.Parallel()
	under := &readerFromWriter{ResponseRecorder: httptest.NewRecorder()}
	rw := Wrap(under)
	n, err := rw.ReadFrom(strings.NewReader("0123456789"))
	if err != nil || n != 10 {
		t.Fatalf("ReadFrom got %d, %v, want 10, nil", n, err)
	}
	if !under.used {
		t.Errorf("underlying ReadFrom used got false, want true")
	}
	if rw.Bytes != 10 {
		t.Errorf("bytes got %d, want 10", rw.Bytes)
	}
}

// plainWriter is a ResponseWriter with no optional interface at all.
type plainWriter struct{ h http.Header }

func (p *plainWriter) Header() http.Header         { return p.h }
func (p *plainWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *plainWriter) WriteHeader(int)             {}

func TestWriterThroughResponseController(t *testing.T) {
	t.Parallel()
	t.Run("flush reaches the recorder", func(t *testing.T) {
		t.Parallel()
		rec := httptest.NewRecorder()
		if err := http.NewResponseController(Wrap(rec)).Flush(); err != nil {
			t.Fatalf("Flush got %v, want nil", err)
		}
		if !rec.Flushed {
			t.Errorf("recorder Flushed got false, want true")
		}
	})
	t.Run("unsupported flush and hijack report ErrNotSupported", func(t *testing.T) {
		t.Parallel()
		rc := http.NewResponseController(Wrap(&plainWriter{h: http.Header{}}))
		if err := rc.Flush(); !errors.Is(err, http.ErrNotSupported) {
			t.Errorf("Flush got %v, want ErrNotSupported", err)
		}
		if _, _, err := rc.Hijack(); !errors.Is(err, http.ErrNotSupported) {
			t.Errorf("Hijack got %v, want ErrNotSupported", err)
		}
		if err := rc.SetWriteDeadline(time.Now()); !errors.Is(err, http.ErrNotSupported) {
			t.Errorf("SetWriteDeadline got %v, want ErrNotSupported", err)
		}
	})
	t.Run("deadlines and full duplex reach the server via Unwrap", func(t *testing.T) {
		t.Parallel()
		errs := make(chan error, 3)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rc := http.NewResponseController(Wrap(Wrap(w)))
			errs <- rc.SetReadDeadline(time.Now().Add(time.Minute))
			errs <- rc.SetWriteDeadline(time.Now().Add(time.Minute))
			errs <- rc.EnableFullDuplex()
		}))
		defer srv.Close()
		res, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		for i := 0; i < 3; i++ {
			if err := <-errs; err != nil {
				t.Errorf("control %d got %v, want nil", i, err)
			}
		}
	})
}

func TestWriterHijackThroughResponseController(t *testing.T) {
	t.Parallel()
	states := make(chan *Writer, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := Wrap(w)
		conn, brw, err := http.NewResponseController(rw).Hijack()
		if err != nil {
			t.Errorf("Hijack got %v, want nil", err)
			return
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nraw ok")
		_ = brw.Flush()
		states <- rw
	}))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != "raw ok" {
		t.Errorf("body got %q, want %q", body, "raw ok")
	}
	rw := <-states
	if !rw.Hijacked || rw.Status() != 0 {
		t.Errorf("after hijack got hijacked=%v status=%d, want true 0", rw.Hijacked, rw.Status())
	}
}
