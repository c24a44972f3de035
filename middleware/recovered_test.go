package middleware

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

// panicLine is the part of Recovered's log line a test can pin down.
type panicLine struct {
	Level     string `json:"level"`
	RequestID string `json:"request_id"`
	Panic     string `json:"panic"`
	Stack     string `json:"stack"`
	Started   bool   `json:"response_started"`
	Message   string `json:"message"`
}

// lastLine decodes the last line of a log buffer.
func lastLine(t *testing.T, log string) panicLine {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	var l panicLine
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &l); err != nil {
		t.Fatalf("log line %q: %v", lines[len(lines)-1], err)
	}
	return l
}

// panicky is a handler that sets a stale representation header and panics.
func panicky(v any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		panic(v)
	})
}

func TestRecoveredWritesTonicError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		value     any
		wantPanic string
	}{
		{name: "string", value: "boom", wantPanic: "boom"},
		{name: "error", value: io.ErrUnexpectedEOF, wantPanic: "unexpected EOF"},
		{name: "nil panic", value: nil, wantPanic: "panic called with nil argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, buf := testLogger()
			h := Chain(RequestID(), Recovered(logger))(panicky(tt.value))
			r := httptest.NewRequest("GET", "/p", nil)
			r.Header.Set("X-Request-ID", "rid-9")
			rec := serve(h, r)
			want := `{"error":"internal_server_error","description":"internal error","request_id":"rid-9"}` + "\n"
			if rec.Code != 500 || rec.Body.String() != want {
				t.Errorf("got %d %q, want 500 %q", rec.Code, rec.Body, want)
			}
			if ce := rec.Header().Get("Content-Encoding"); ce != "" {
				t.Errorf("Content-Encoding got %q, want none", ce)
			}
			l := lastLine(t, buf.String())
			if l.Level != "error" || l.RequestID != "rid-9" || !strings.HasPrefix(l.Panic, tt.wantPanic) || l.Started ||
				l.Message != "panic serving GET /p" {
				t.Errorf("log got %+v, want an error line for %q with rid-9", l, tt.wantPanic)
			}
			if !strings.Contains(l.Stack, "panicky") {
				t.Errorf("stack got %q, want the panicking handler in it", l.Stack)
			}
		})
	}
}

func TestRecoveredMakesARequestIDWhenNoneIsSet(t *testing.T) {
	t.Parallel()
	logger, buf := testLogger()
	rec := serve(Recovered(logger)(panicky("x")), httptest.NewRequest("GET", "/", nil))
	id := rec.Header().Get("X-Request-ID")
	var body struct {
		RequestID string `json:"request_id"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	if !tonic.ValidRequestID(id) || body.RequestID != id || lastLine(t, buf.String()).RequestID != id {
		t.Errorf("got header %q body %q log %q, want one ID", id, body.RequestID, buf)
	}
}

func TestRecoveredLogsToTheRequestLogger(t *testing.T) {
	t.Parallel()
	base, _ := testLogger()
	reqLogger, buf := testLogger()
	h := Chain(RequestID(), Logged(reqLogger, LogOptions{}), Recovered(base))(panicky("boom"))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Request-ID", "rid-1")
	serve(h, r)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"panic":"boom"`) || !strings.Contains(lines[1], `"status":500`) {
		t.Fatalf("got lines %q, want the panic then the 500 request line", lines)
	}
	if l := lastLine(t, lines[0]); l.RequestID != "rid-1" {
		t.Errorf("panic line request_id got %q, want rid-1", l.RequestID)
	}
}

func TestRecoveredAborts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		h       http.Handler
		wantLog bool
	}{
		{name: "ErrAbortHandler passes untouched", h: panicky(http.ErrAbortHandler)},
		{name: "after a partial write the connection is aborted", wantLog: true,
			h: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, `{"partial":`)
				panic("boom")
			})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, buf := testLogger()
			rec := httptest.NewRecorder()
			var got any
			func() {
				defer func() { got = recover() }()
				Recovered(logger)(tt.h).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			}()
			if got != http.ErrAbortHandler {
				t.Errorf("panic got %v, want http.ErrAbortHandler", got)
			}
			if strings.Contains(rec.Body.String(), "internal") {
				t.Errorf("body got %q, want no error body appended", rec.Body)
			}
			if logged := buf.String() != ""; logged != tt.wantLog {
				t.Errorf("logged got %v (%s), want %v", logged, buf, tt.wantLog)
			}
			if tt.wantLog && !lastLine(t, buf.String()).Started {
				t.Errorf("response_started got false, want true")
			}
		})
	}
}

func TestRecoveredOverARealServerKeepsServing(t *testing.T) {
	t.Parallel()
	logger, _ := testLogger()
	mux := http.NewServeMux()
	mux.Handle("/panic", panicky("boom"))
	mux.Handle("/ok", text(200, "fine"))
	srv := httptest.NewServer(Recovered(logger)(mux))
	defer srv.Close()
	for _, c := range []struct {
		path   string
		status int
	}{{"/panic", 500}, {"/ok", 200}, {"/panic", 500}} {
		res, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("%s got %d, want %d", c.path, res.StatusCode, c.status)
		}
	}
}
