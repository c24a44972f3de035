package middleware

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

func TestTimeoutFastHandlerPassesThrough(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/t/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Handler", "yes")
		w.Header().Del("X-Outer-Gone")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "made "+r.PathValue("id"))
	})
	outer := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Outer", "kept")
			w.Header().Set("X-Outer-Gone", "deleted by the handler")
			next.ServeHTTP(w, r)
		})
	}
	r, _ := tonic.WithRecord(httptest.NewRequest("GET", "/t/9", nil), nil)
	rec := serve(Chain(outer, Timeout(time.Minute))(mux), r)
	if rec.Code != 201 || rec.Body.String() != "made 9" {
		t.Errorf("got %d %q, want 201 %q", rec.Code, rec.Body, "made 9")
	}
	if h := rec.Header(); h.Get("X-Handler") != "yes" || h.Get("X-Outer") != "kept" || h.Get("X-Outer-Gone") != "" {
		t.Errorf("headers got %v, want X-Handler and X-Outer only", h)
	}
	if got := tonic.RouteOf(r); got != "GET /t/{id}" { // through the record: Timeout copies the request
		t.Errorf("route outside got %q, want %q", got, "GET /t/{id}")
	}
}

func TestTimeoutImplicit200(t *testing.T) {
	t.Parallel()
	rec := serve(Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X", "1")
	})), httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 || rec.Header().Get("X") != "1" {
		t.Errorf("got %d %v, want 200 with X", rec.Code, rec.Header())
	}
}

// TestTimeoutAnswersAtTheDeadline: the handler ignores its context and is
// held until the test has the 503 in hand, so the 503 cannot have waited
// for it; afterwards its writes fail.
func TestTimeoutAnswersAtTheDeadline(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	afterErr := make(chan error, 1)
	h := Chain(RequestID(), Timeout(10*time.Millisecond))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Partial", "discarded")
		_, _ = io.WriteString(w, "partial")
		<-release
		_, err := io.WriteString(w, "late")
		afterErr <- err
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Request-ID", "slow-1")
	rec := serve(h, r)
	close(release)
	want := `{"error":"timeout","description":"the request took longer than 10ms","request_id":"slow-1"}` + "\n"
	if rec.Code != 503 || rec.Body.String() != want {
		t.Errorf("got %d %q, want 503 %q", rec.Code, rec.Body, want)
	}
	if rec.Header().Get("X-Partial") != "" || rec.Header().Get("X-Request-ID") != "slow-1" {
		t.Errorf("headers got %v, want the request ID and none of the handler's", rec.Header())
	}
	if err := <-afterErr; !errors.Is(err, http.ErrHandlerTimeout) {
		t.Errorf("late write got %v, want http.ErrHandlerTimeout", err)
	}
}

func TestTimeoutCancelsTheContext(t *testing.T) {
	t.Parallel()
	seen := make(chan error, 1)
	rec := serve(Timeout(10*time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		seen <- r.Context().Err()
	})), httptest.NewRequest("GET", "/", nil))
	if err := <-seen; !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("handler context got %v, want DeadlineExceeded", err)
	}
	if rec.Code != 503 {
		t.Errorf("got %d, want 503", rec.Code)
	}
}

func TestTimeoutCarriesPanics(t *testing.T) {
	t.Parallel()
	t.Run("panic reaches Recovered with its own stack", func(t *testing.T) {
		t.Parallel()
		logger, buf := testLogger()
		h := Chain(Recovered(logger), Timeout(time.Minute))(panicky("in handler"))
		rec := serve(h, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 500 {
			t.Errorf("got %d, want 500", rec.Code)
		}
		l := lastLine(t, buf.String())
		if l.Panic != "in handler" || !strings.Contains(l.Stack, "panicky") {
			t.Errorf("log got panic %q stack %q, want the handler's panic and stack", l.Panic, l.Stack)
		}
	})
	t.Run("ErrAbortHandler stays itself", func(t *testing.T) {
		t.Parallel()
		var got any
		func() {
			defer func() { got = recover() }()
			serve(Timeout(time.Minute)(panicky(http.ErrAbortHandler)), httptest.NewRequest("GET", "/", nil))
		}()
		if got != http.ErrAbortHandler {
			t.Errorf("got %v, want http.ErrAbortHandler", got)
		}
	})
	t.Run("late panic goes to the request logger", func(t *testing.T) {
		t.Parallel()
		logger, buf := testLogger()
		release, done := make(chan struct{}), make(chan struct{})
		h := Chain(Logged(logger, LogOptions{}), Timeout(10*time.Millisecond))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer close(done)
			<-release
			panic("too late")
		}))
		r := httptest.NewRequest("GET", "/late", nil)
		r.Header.Set("X-Request-ID", "late-1")
		serve(h, r)
		close(release)
		<-done
		waitFor(t, func() bool { return strings.Contains(buf.String(), "panic after timeout") })
		if !strings.Contains(buf.String(), `"panic":"too late"`) || !strings.Contains(buf.String(), `"request_id":"late-1"`) {
			t.Errorf("log got %s, want the late panic with the request ID", buf)
		}
	})
}

// waitFor polls cond with a generous deadline.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
	}
}

// TestTimeoutFlushStreamsThenAborts: a flush sends the buffer and streams;
// at the deadline the stream is cut so the client sees a truncated body.
func TestTimeoutFlushStreamsThenAborts(t *testing.T) {
	t.Parallel()
	lateErr := make(chan error, 1)
	srv := httptest.NewServer(Timeout(50 * time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "first\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush got %v, want nil", err)
		}
		<-r.Context().Done()
		// Wait for Timeout to give up (an empty write fails once it has), so
		// that the write below must fail however the two goroutines are
		// scheduled.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if _, err := w.Write(nil); err != nil {
				break
			}
		}
		_, err := io.WriteString(w, "second\n")
		lateErr <- err
	})))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if res.StatusCode != 200 || line != "first\n" || err != nil {
		t.Fatalf("got %d %q %v, want the flushed first line", res.StatusCode, line, err)
	}
	rest, err := io.ReadAll(res.Body)
	if err == nil || strings.Contains(string(rest), "second") {
		t.Errorf("rest got %q, %v, want a truncated body (an error)", rest, err)
	}
	if err := <-lateErr; !errors.Is(err, http.ErrHandlerTimeout) {
		t.Errorf("write after the deadline got %v, want http.ErrHandlerTimeout", err)
	}
}

// TestTimeoutNoRaceBetweenWriters races handlers writing, flushing and
// setting deadlines across the deadline; -race checks the two writers never
// touch the response at once.
func TestTimeoutNoRaceBetweenWriters(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	h := Timeout(time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer wg.Done()
		rc := http.NewResponseController(w)
		for i := 0; i < 200; i++ {
			w.Header()
			_, _ = io.WriteString(w, "x")
			if i%50 == 0 {
				_ = rc.Flush()
				_ = rc.SetWriteDeadline(time.Time{})
			}
		}
	}))
	for i := 0; i < 50; i++ {
		wg.Add(1)
		func() {
			defer func() { _ = recover() }() // a streaming handler past the deadline aborts
			serve(h, httptest.NewRequest("GET", "/", nil))
		}()
	}
	wg.Wait()
}

// TestTimeoutHijack hijacks a connection behind Timeout, inside a stack,
// over a real server, and keeps it past the deadline: the connection stays
// the handler's, and Timeout sends no 503 into it.
func TestTimeoutHijack(t *testing.T) {
	t.Parallel()
	timedOut := make(chan struct{}) // Timeout's ServeHTTP has returned
	logger, _ := testLogger()
	inner := Chain(RequestID(), Logged(logger, LogOptions{ResponseBody: 8}), Recovered(logger),
		Timeout(20*time.Millisecond))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack behind Timeout: got %v, want nil", err)
			return
		}
		defer c.Close()
		<-timedOut // past the deadline: Timeout has given up on the request
		if _, _, err := http.NewResponseController(w).Hijack(); err == nil {
			t.Error("a second Hijack after the deadline: got nil, want an error")
		}
		_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		line, _ := brw.ReadString('\n')
		_, _ = brw.WriteString("echo: " + line)
		_ = brw.Flush()
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r)
		close(timedOut)
	}))
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\nhello\n")
	got, _ := io.ReadAll(c)
	if want := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\necho: hello\n"; string(got) != want {
		t.Errorf("got %q, want the handler's bytes only, %q", got, want)
	}
}

// TestTimeoutReadFrom: a handler behind Timeout sees an io.ReaderFrom,
// whose copy is answered in time and refused after the deadline.
func TestTimeoutReadFrom(t *testing.T) {
	t.Parallel()
	after := make(chan error, 1)
	h := Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rf, ok := w.(io.ReaderFrom)
		if !ok {
			t.Error("the writer behind Timeout is not an io.ReaderFrom")
			return
		}
		if n, err := rf.ReadFrom(strings.NewReader("copied body")); n != 11 || err != nil {
			t.Errorf("ReadFrom: got %d, %v", n, err)
		}
	}))
	if w := serve(h, httptest.NewRequest("GET", "/", nil)); w.Code != 200 || w.Body.String() != "copied body" {
		t.Errorf("got %d %q, want the copied body", w.Code, w.Body)
	}
	late := Timeout(time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		done := make(chan struct{})
		go func() { // after Timeout has answered
			defer close(done)
			for {
				_, err := w.(io.ReaderFrom).ReadFrom(strings.NewReader("late"))
				if err != nil {
					after <- err
					return
				}
			}
		}()
		<-done
	}))
	if w := serve(late, httptest.NewRequest("GET", "/", nil)); w.Code != 503 {
		t.Errorf("late: got %d, want 503", w.Code)
	}
	if err := <-after; !errors.Is(err, http.ErrHandlerTimeout) {
		t.Errorf("ReadFrom after the deadline: got %v, want http.ErrHandlerTimeout", err)
	}
}

// TestTimeoutWhenTheClientLeaves: the request's own context ends first;
// Timeout answers with that, a 499, not with its timeout.
func TestTimeoutWhenTheClientLeaves(t *testing.T) {
	t.Parallel()
	h := Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := serve(h, httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	if w.Code != 499 || !strings.Contains(w.Body.String(), "client_closed_request") {
		t.Errorf("got %d %s, want 499 client_closed_request", w.Code, w.Body)
	}
}

func TestTimeoutConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "Timeout(0s): duration must be positive", func() { Timeout(0) })
}
