package tonictest_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// recorder is a testing.TB that records what the helpers report instead
// of failing the test, so that their failures can be tested. Fatal ends
// the goroutine that calls it, as testing.T's does.
type recorder struct {
	testing.TB // the real test, for the methods not recorded here
	mu         sync.Mutex
	errors     []string
	logs       []string
	fatal      bool
	cleanups   []func()
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.mu.Lock()
	r.fatal = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

func (r *recorder) Logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

func (r *recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.errors) > 0
}

func (r *recorder) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

// fail makes the recorded test fail, as the test's own checks would.
func (r *recorder) fail() { r.Errorf("the test's own check failed") }

// record runs fn with a recorder in a goroutine of its own, then its
// cleanups, last registered first, as the testing package does.
func record(t *testing.T, fn func(t testing.TB, r *recorder)) *recorder {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r, r)
	}()
	<-done
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	return r
}

// wantErrors checks that the recorded errors contain each of want, in
// order, and nothing else.
func (r *recorder) wantErrors(t *testing.T, want ...string) {
	t.Helper()
	if len(r.errors) != len(want) {
		t.Fatalf("got errors %q, want %d containing %q", r.errors, len(want), want)
	}
	for i, w := range want {
		if !strings.Contains(r.errors[i], w) {
			t.Errorf("error %d: got %q, want it to contain %q", i, r.errors[i], w)
		}
	}
}

// Item is the response of the test API.
type Item struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// getItem is the request of GET /items/{id}.
type getItem struct {
	ID      string `path:"id"`
	Verbose bool   `query:"verbose"`
}

// newItem is the request of POST /items.
type newItem struct {
	Name string `json:"name" minLength:"1" maxLength:"5"`
}

// testAPI is a small API behind tonic's middleware: writes need the Basic
// credentials u:p.
func testAPI() http.Handler {
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/items/{id}", marshal.Typed(func(_ context.Context, in *getItem) (*Item, error) {
		if in.ID != "1" {
			return nil, tonic.Errorf(http.StatusNotFound, "no item %q", in.ID)
		}
		return &Item{ID: "1", Name: fmt.Sprintf("one, verbose %v", in.Verbose)}, nil
	}))
	auth := middleware.BasicAuth("test", map[string]string{"u": "p"})
	mux.Handle("POST", "/items", auth(marshal.Typed(func(_ context.Context, in *newItem) (*marshal.Response[*Item], error) {
		return &marshal.Response[*Item]{Status: http.StatusCreated, Body: &Item{ID: "2", Name: in.Name}}, nil
	})))
	return middleware.Chain(middleware.RequestID())(mux)
}

// nopLogger is a logger that writes nothing.
func nopLogger() zerolog.Logger { return zerolog.Nop() }
