package marshal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/tonic"
)

// TestPrivateCauseIsLoggedNotSent: a function's 500 made with Errorf and a
// %w cause sends the public message to the client and logs the cause with
// the request ID.
func TestPrivateCauseIsLoggedNotSent(t *testing.T) {
	t.Parallel()
	dbErr := errors.New(`pq: password authentication failed for user "app"`)
	load := func(context.Context, *struct{}) (*struct{}, error) {
		return nil, tonic.Errorf(500, "loading stuff: %w", dbErr)
	}
	var log bytes.Buffer
	h := middleware.Chain(middleware.RequestID(), middleware.Logged(zerolog.New(&log)))(marshal.Typed(load))
	r := httptest.NewRequest("GET", "/stuff", nil)
	r.Header.Set("X-Request-ID", "req-cause-1")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 500 || strings.Contains(w.Body.String(), "pq:") || !strings.Contains(w.Body.String(), `"description":"loading stuff"`) {
		t.Errorf("client got %d %s, want 500 with the public message only", w.Code, w.Body)
	}
	var line map[string]any
	for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["message"] == "marshal: request failed" {
			line = m
		}
	}
	if line == nil || line["request_id"] != "req-cause-1" || line["level"] != "error" ||
		line["error"] != `loading stuff: pq: password authentication failed for user "app"` {
		t.Errorf("log line: got %v, want the cause with the request ID at error level", line)
	}
}
