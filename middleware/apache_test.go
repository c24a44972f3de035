package middleware

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestApacheLoggedLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		h       http.Handler
		req     func(r *http.Request)
		w       func() http.ResponseWriter
		aborted bool
		want    string
	}{
		{
			name: "combined format, Basic user, time at the start",
			h:    text(200, "GIF8"),
			req: func(r *http.Request) {
				r.SetBasicAuth("alice", "secret")
				r.Header.Set("Referer", "http://example.com/")
				r.Header.Set("User-Agent", "Mozilla/4.08")
			},
			want: `192.0.2.1 - alice [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1 HTTP/1.1" 200 4 "http://example.com/" "Mozilla/4.08"` + "\n",
		},
		{
			name: "missing fields and an empty body are dashes",
			h:    text(http.StatusNoContent, ""),
			want: `192.0.2.1 - - [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1 HTTP/1.1" 204 - "-" "-"` + "\n",
		},
		{
			name: "implicit 200",
			h:    noop,
			want: `192.0.2.1 - - [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1 HTTP/1.1" 200 - "-" "-"` + "\n",
		},
		{
			name: "IPv6 client and escaped fields",
			h:    text(404, "no"),
			req: func(r *http.Request) {
				r.RemoteAddr = "[2001:db8::1]:443"
				r.SetBasicAuth(`bo"b`, "pw")
				r.Header.Set("User-Agent", "Evil \"agent\"\\\n\u00e9")
			},
			want: `2001:db8::1 - bo\"b [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1 HTTP/1.1" 404 2 "-" "Evil \"agent\"\\\x0a\xc3\xa9"` + "\n",
		},
		{
			name: "hijacked",
			h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _, _ = http.NewResponseController(w).Hijack()
			}),
			w:    func() http.ResponseWriter { return hijackRecorder{httptest.NewRecorder()} },
			want: `192.0.2.1 - - [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1 HTTP/1.1" hijacked - "-" "-"` + "\n",
		},
		{
			name: "secret query values masked",
			h:    noop,
			req: func(r *http.Request) {
				r.RequestURI = "/a.gif?x=1&access_token=t0k"
			},
			want: `192.0.2.1 - - [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1&access_token=[REDACTED] HTTP/1.1" 200 - "-" "-"` + "\n",
		},
		{
			name: "abandoned by the client",
			h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				tonic.WriteError(w, r, 0, r.Context().Err())
			}),
			req: func(r *http.Request) {
				ctx, cancel := context.WithCancel(r.Context())
				cancel()
				*r = *r.WithContext(ctx)
			},
			want: `192.0.2.1 - - [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1 HTTP/1.1" 499 80 "-" "-"` + "\n",
		},
		{
			name:    "panic before a header",
			h:       http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }),
			aborted: true,
			want:    `192.0.2.1 - - [05/Mar/2024:00:09:11 -0700] "GET /a.gif?x=1 HTTP/1.1" - - "-" "-"` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf syncBuffer
			clock := steppingClock(time.Hour)
			zoned := func() time.Time { return clock().In(time.FixedZone("", -7*3600)) }
			h := apacheLogged(&buf, zoned)(tt.h)
			r := httptest.NewRequest("GET", "/a.gif?x=1", nil)
			if tt.req != nil {
				tt.req(r)
			}
			serveExpectingPanic(t, h, tt.w, r, tt.aborted)
			if got := buf.String(); got != tt.want {
				t.Errorf("line got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestApacheLoggedConcurrentLinesStayWhole(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	h := ApacheLogged(&buf)(text(200, "ok"))
	srv := httptest.NewServer(h)
	defer srv.Close()
	const n = 20
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			res, err := http.Get(srv.URL + "/x")
			if err == nil {
				res.Body.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	srv.Close()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("got %d lines, want %d", len(lines), n)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "127.0.0.1 - - [") || !strings.HasSuffix(l, `"GET /x HTTP/1.1" 200 2 "-" "Go-http-client/1.1"`) {
			t.Errorf("line got %q, want a whole combined-format line", l)
		}
	}
}

func TestApacheLoggedConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "nil io.Writer", func() { ApacheLogged(nil) })
}
