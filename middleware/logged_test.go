package middleware

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs/zerolog/hlog"

	"github.com/seed78c03fa0/tonic/tonic"
)

// hijackRecorder is a recorder that can be hijacked (with no real conn).
type hijackRecorder struct{ *httptest.ResponseRecorder }

func (hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) { return nil, nil, nil }

// usersMux is a mux with one route whose handler logs through the request's
// logger and answers {"id":"<id>"}.
func usersMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		zerolog.Ctx(r.Context()).Info().Str("user", r.PathValue("id")).Msg("loaded")
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"`+r.PathValue("id")+`"}`)
	})
	return mux
}

func TestLoggedLines(t *testing.T) {
	t.Parallel()
	const tm = `"time":"2024-03-05T07:09:11Z"`
	tests := []struct {
		name    string
		opts    LogOptions
		h       http.Handler
		req     func() *http.Request
		w       func() http.ResponseWriter
		want    string
		aborted bool
	}{
		{
			name: "matched route, handler line carries the request ID",
			h:    usersMux(),
			want: `{"level":"info","request_id":"req-1","user":"7",` + tm + `,"message":"loaded"}` + "\n" +
				`{"level":"info","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","route":"GET /users/{id}","status":200,"bytes":10,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "route survives a request-replacing middleware inside",
			h:    WithContext[struct{ N int }]()(usersMux()),
			want: `{"level":"info","request_id":"req-1","user":"7",` + tm + `,"message":"loaded"}` + "\n" +
				`{"level":"info","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","route":"GET /users/{id}","status":200,"bytes":10,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "unmatched has no route",
			h:    usersMux(),
			req:  func() *http.Request { return httptest.NewRequest("GET", "/nope", nil) },
			want: `{"level":"info","request_id":"req-1","method":"GET","path":"/nope","proto":"HTTP/1.1","status":404,"bytes":19,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "implicit 200",
			h:    noop,
			want: `{"level":"info","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","status":200,"bytes":0,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "5xx at error level",
			h:    text(http.StatusServiceUnavailable, "down"),
			want: `{"level":"error","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","status":503,"bytes":4,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "hijacked, not a status",
			h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _, _ = http.NewResponseController(w).Hijack()
			}),
			w:    func() http.ResponseWriter { return hijackRecorder{httptest.NewRecorder()} },
			want: `{"level":"info","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","hijacked":true,"bytes":0,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name:    "panic before a header is aborted without a status",
			h:       http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }),
			aborted: true,
			want:    `{"level":"error","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","aborted":true,"bytes":0,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "panic after a header keeps the status",
			h: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, "par")
				panic("boom")
			}),
			aborted: true,
			want:    `{"level":"error","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","status":200,"aborted":true,"bytes":3,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "headers, secrets redacted",
			opts: LogOptions{Headers: true, RedactHeaders: []string{"x-api-key"}},
			h: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Set-Cookie", "s=1")
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(http.StatusNoContent)
			}),
			req: func() *http.Request {
				r := httptest.NewRequest("GET", "/users/7", nil)
				r.Header.Set("Authorization", "Bearer t0ken")
				r.Header.Set("Cookie", "s=1")
				r.Header.Set("X-Api-Key", "k3y")
				r.Header["X-Multi"] = []string{"a", "b"}
				return r
			},
			want: `{"level":"info","request_id":"req-1","method":"GET","path":"/users/7","proto":"HTTP/1.1","status":204,"bytes":0,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` +
				`"request_headers":{"Authorization":"[REDACTED]","Cookie":"[REDACTED]","User-Agent":"test-agent","X-Api-Key":"[REDACTED]","X-Multi":["a","b"],"X-Request-Id":"req-1"},` +
				`"response_headers":{"Content-Type":"text/plain","Set-Cookie":"[REDACTED]","X-Request-Id":"req-1"},` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "bounded, redacted bodies",
			opts: LogOptions{RequestBody: 4, ResponseBody: 5, Redact: func(h http.Header, b []byte) []byte {
				return bytes.ToUpper(b)
			}},
			h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body)
				_, _ = io.WriteString(w, "abcdefghij")
			}),
			req: func() *http.Request { return httptest.NewRequest("POST", "/users", strings.NewReader("hello world")) },
			want: `{"level":"info","request_id":"req-1","method":"POST","path":"/users","proto":"HTTP/1.1","status":200,"bytes":10,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` +
				`"request_body":"HELL","request_body_truncated":true,"response_body":"ABCDE","response_body_truncated":true,` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "short bodies are not truncated",
			opts: LogOptions{RequestBody: 64, ResponseBody: 64},
			h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body)
				_, _ = io.WriteString(w, `{"ok":true}`)
			}),
			req: func() *http.Request { return httptest.NewRequest("PUT", "/x", strings.NewReader(`{"a":"\"q\""}`)) },
			want: `{"level":"info","request_id":"req-1","method":"PUT","path":"/x","proto":"HTTP/1.1","status":200,"bytes":11,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` +
				`"request_body":"{\"a\":\"\\\"q\\\"\"}","response_body":"{\"ok\":true}",` + tm + `,"message":"request"}` + "\n",
		},
		{
			name: "query and secrets masked by default, words extendable",
			opts: LogOptions{Headers: true, RequestBody: 256, ResponseBody: 256, Secrets: []string{"ssn"}},
			h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body)
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"access_token":"abc","ok":true}`)
			}),
			req: func() *http.Request {
				r := httptest.NewRequest("POST", "/login?user=al&api_key=k1&page=2",
					strings.NewReader(`{"user":"al","password":"hunter2","ssn":"078-05-1120"}`))
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("X-Api-Key", "k3y")
				r.Header.Set("X-Session-Token", "s3ss")
				return r
			},
			want: `{"level":"info","request_id":"req-1","method":"POST","path":"/login","query":"user=al&api_key=[REDACTED]&page=2","proto":"HTTP/1.1","status":200,"bytes":32,"duration_ms":1.5,"remote_addr":"192.0.2.1:1234","user_agent":"test-agent",` +
				`"request_headers":{"Content-Type":"application/json","User-Agent":"test-agent","X-Api-Key":"[REDACTED]","X-Request-Id":"req-1","X-Session-Token":"[REDACTED]"},` +
				`"response_headers":{"Content-Type":"application/json","X-Request-Id":"req-1"},` +
				`"request_body":"{\"user\":\"al\",\"password\":\"[REDACTED]\",\"ssn\":\"[REDACTED]\"}",` +
				`"response_body":"{\"access_token\":\"[REDACTED]\",\"ok\":true}",` + tm + `,"message":"request"}` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, buf := testLogger()
			h := Logged(logger, tt.opts)(tt.h)
			r := httptest.NewRequest("GET", "/users/7", nil)
			if tt.req != nil {
				r = tt.req()
			}
			r.Header.Set("User-Agent", "test-agent")
			r.Header.Set("X-Request-ID", "req-1")
			serveExpectingPanic(t, h, tt.w, r, tt.aborted)
			if got := fixDurations(buf.String()); got != tt.want {
				t.Errorf("log got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestLoggedRequestID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ms   []Middleware
	}{
		{name: "uses the ID RequestID put in the context", ms: []Middleware{RequestID()}},
		{name: "makes one without RequestID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, buf := testLogger()
			seen := ""
			h := Chain(append(tt.ms, Logged(logger, LogOptions{}))...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = tonic.RequestIDFrom(r.Context())
			}))
			rec := serve(h, httptest.NewRequest("GET", "/", nil))
			id := rec.Header().Get("X-Request-ID")
			if !tonic.ValidRequestID(id) || seen != id {
				t.Fatalf("got header %q and context %q, want one valid ID", id, seen)
			}
			if want := `"request_id":"` + id + `"`; !strings.Contains(buf.String(), want) {
				t.Errorf("log got %s, want it to contain %s", buf, want)
			}
		})
	}
}

func TestLoggedRespectsLoggerLevel(t *testing.T) {
	t.Parallel()
	logger, buf := testLogger()
	h := Logged(logger.Level(zerolog.ErrorLevel), LogOptions{})
	serve(h(text(200, "ok")), httptest.NewRequest("GET", "/", nil))
	if buf.String() != "" {
		t.Errorf("info line at error level got %q, want nothing", buf)
	}
	serve(h(text(500, "bad")), httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(buf.String(), `"status":500`) {
		t.Errorf("error line got %q, want a 500 line", buf)
	}
}

// TestLoggedComposesWithHlog: hlog's field handlers inside Logged decorate
// the request's logger, so their fields reach the handler's events and the
// request line, and concurrent requests do not race (-race) on the shared
// base logger's context.
func TestLoggedComposesWithHlog(t *testing.T) {
	t.Parallel()
	logger, buf := testLogger()
	base := logger.With().Str("service", "api").Logger() // a context buffer with spare capacity
	h := Chain(Logged(base), hlog.CustomHeaderHandler("tenant", "X-Tenant"))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hlog.FromRequest(r).Info().Msg("hi")
		}))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("X-Request-ID", "r"+strconv.Itoa(i))
			r.Header.Set("X-Tenant", "t"+strconv.Itoa(i))
			serve(h, r)
		}(i)
	}
	wg.Wait()
	for i := 0; i < 8; i++ {
		n := strconv.Itoa(i)
		for _, want := range []string{
			`{"level":"info","service":"api","request_id":"r` + n + `","tenant":"t` + n + `","time":"2024-03-05T07:09:11Z","message":"hi"}`,
			`{"level":"info","service":"api","request_id":"r` + n + `","tenant":"t` + n + `","method":"GET","path":"/","proto":"HTTP/1.1","status":200,"bytes":0,"duration_ms":1.5,`,
		} {
			if !strings.Contains(fixDurations(buf.String()), want) {
				t.Errorf("log got\n%s\nwant a line with %s", buf, want)
			}
		}
	}
}

// durationField matches the duration of a log line.
var durationField = regexp.MustCompile(`"duration_ms":[0-9.e+-]+`)

// fixDurations replaces every duration in log lines with 1.5, so that lines
// compare byte for byte.
func fixDurations(lines string) string {
	return durationField.ReplaceAllString(lines, `"duration_ms":1.5`)
}

// TestLoggedDurationFromRecord: the duration runs from the start of the
// request's record, installed by an outer layer before Logged ran.
func TestLoggedDurationFromRecord(t *testing.T) {
	t.Parallel()
	logger, buf := testLogger()
	const wait = 20 * time.Millisecond
	outer := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r, _ = tonic.WithRecord(r, nil)
			time.Sleep(wait) // the record started before this
			next.ServeHTTP(w, r)
		})
	}
	serve(Chain(outer, Logged(logger))(noop), httptest.NewRequest("GET", "/", nil))
	var line struct {
		Duration float64 `json:"duration_ms"`
	}
	if err := json.Unmarshal([]byte(buf.String()), &line); err != nil || line.Duration < float64(wait/time.Millisecond) {
		t.Errorf("got duration %vms (%v), want at least %v: from the record's start", line.Duration, err, wait)
	}
}

// TestLoggedLazyLogger: a request whose handler never asks for its logger
// costs no logger copy; one that asks gets a logger with the request ID,
// and the line is written with it.
func TestLoggedLazyLogger(t *testing.T) {
	t.Parallel()
	logger, buf := testLogger()
	var got *zerolog.Logger
	h := Logged(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/asks" {
			got = zerolog.Ctx(r.Context())
			got.UpdateContext(func(c zerolog.Context) zerolog.Context { return c.Str("added", "yes") })
		}
	}))
	r := httptest.NewRequest("GET", "/asks", nil)
	r.Header.Set("X-Request-ID", "req-9")
	serve(h, r)
	if got == nil || got == zerolog.Ctx(context.Background()) {
		t.Fatal("zerolog.Ctx: got the default logger, want the request's")
	}
	if want := `"request_id":"req-9","added":"yes","method":"GET"`; !strings.Contains(buf.String(), want) {
		t.Errorf("line got %s, want it written with the handler's logger (%s)", buf, want)
	}
	quiet, rec := tonic.WithRecord(httptest.NewRequest("GET", "/quiet", nil), nil)
	serve(h, quiet)
	if _, made := rec.LazyValue(zerologContextKey()); made {
		t.Error("a request whose handler did not ask: got a logger made for it")
	}
	if !strings.Contains(buf.String(), `"path":"/quiet"`) {
		t.Errorf("got %s, want the quiet request logged too", buf)
	}
}

func TestLoggedDisabledLoggerLogsNothing(t *testing.T) {
	t.Parallel()
	logger, buf := testLogger()
	serve(Logged(logger.Level(zerolog.Disabled), LogOptions{})(noop), httptest.NewRequest("GET", "/", nil))
	if buf.String() != "" {
		t.Errorf("got %q, want nothing", buf)
	}
}

func TestLoggedConstruction(t *testing.T) {
	t.Parallel()
	logger, _ := testLogger()
	wantPanicPrefix(t, "negative body bound", func() { Logged(logger, LogOptions{RequestBody: -1}) })
	wantPanicPrefix(t, "Logged applied to a nil handler", func() { Logged(logger, LogOptions{})(nil) })
}
