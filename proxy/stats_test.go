package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/server"
)

func TestStatsOnMetricsAndBackends(t *testing.T) {
	a := startBackend(t, "a", ok)
	dead := "http://" + refusingAddr(t)
	p, reg := newTestProxy(t, []string{a.url, dead}, Options{Name: "users", EjectFor: time.Hour})
	url, client := front(t, p)
	for range 6 {
		if r := getURL(t, client, url+"/"); r.status != http.StatusOK {
			t.Fatalf("got %d %v, want 200", r.status, r.err)
		}
	}
	name := func(b, m string) string {
		return "proxy.users." + strings.TrimPrefix(b, "http://") + "." + m
	}
	counter := func(n string) int64 { return reg.Get(n).(metrics.Counter).Count() }
	gauge := func(n string) int64 { return reg.Get(n).(metrics.Gauge).Value() }
	checks := []struct {
		metric string
		got    int64
		want   int64
	}{
		{name(a.url, "requests"), counter(name(a.url, "requests")), 6},
		{name(a.url, "errors"), counter(name(a.url, "errors")), 0},
		{name(a.url, "latency") + " count", reg.Get(name(a.url, "latency")).(metrics.Timer).Count(), 6},
		{name(a.url, "in_flight"), gauge(name(a.url, "in_flight")), 0},
		{name(a.url, "conns_open"), gauge(name(a.url, "conns_open")), 1},
		{name(a.url, "conns_idle"), gauge(name(a.url, "conns_idle")), 1},
		{name(a.url, "healthy"), gauge(name(a.url, "healthy")), 1},
		{name(dead, "requests"), counter(name(dead, "requests")), 1},
		{name(dead, "errors"), counter(name(dead, "errors")), 1},
		{name(dead, "ejections"), counter(name(dead, "ejections")), 1},
		{name(dead, "healthy"), gauge(name(dead, "healthy")), 0},
		{name(dead, "conns_open"), gauge(name(dead, "conns_open")), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.metric, c.got, c.want)
		}
	}

	st := p.Backends()
	if len(st) != 2 || st[0].URL != a.url || st[1].URL != dead || st[0].Proxy != "users" {
		t.Fatalf("Backends() = %+v, want a then the dead one, of proxy users", st)
	}
	if st[0].LatencyP50 <= 0 || st[0].LatencyP50 > st[0].LatencyP99 {
		t.Errorf("latency quantiles %v %v %v, want 0 < p50 <= p99", st[0].LatencyP50, st[0].LatencyP90, st[0].LatencyP99)
	}
	js, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	json.Unmarshal(js, &rows)
	for _, key := range []string{"proxy", "url", "healthy", "requests", "errors", "in_flight", "ejections",
		"latency_p50_seconds", "latency_p90_seconds", "latency_p99_seconds", "conns_open", "conns_idle"} {
		if _, ok := rows[0][key]; !ok {
			t.Errorf("JSON row %s lacks %q", js, key)
		}
	}
	if _, ok := rows[0]["ejected_until"]; ok {
		t.Errorf("healthy backend's JSON has ejected_until: %s", js)
	}
	if _, ok := rows[1]["ejected_until"]; !ok {
		t.Errorf("ejected backend's JSON lacks ejected_until: %s", js)
	}
}

func TestClassify(t *testing.T) {
	canceled := func(cause error) *exchange {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(cause)
		return &exchange{Context: ctx, sent: true}
	}
	sent := &exchange{Context: context.Background(), sent: true}
	timeoutErr := &dialError{err: os.ErrDeadlineExceeded}
	tests := []struct {
		name   string
		x      *exchange
		err    error
		status int
		code   string
	}{
		{"refused", sent, &dialError{err: errors.New("connect: connection refused")}, http.StatusBadGateway, "bad_gateway"},
		{"reset", sent, errors.New("read: connection reset by peer"), http.StatusBadGateway, "bad_gateway"},
		{"response header timeout", sent, fmt.Errorf("wrapped: %w", timeoutErr), http.StatusGatewayTimeout, "gateway_timeout"},
		{"deadline", sent, context.DeadlineExceeded, http.StatusGatewayTimeout, "gateway_timeout"},
		{"body too large", sent, &http.MaxBytesError{Limit: 10}, http.StatusRequestEntityTooLarge, "request_entity_too_large"},
		{"invalid upgrade, never sent", &exchange{Context: context.Background()}, errors.New(`client tried to switch to invalid protocol "\x80"`), http.StatusBadRequest, "bad_request"},
		{"client left", canceled(context.Canceled), context.Canceled, StatusClientClosedRequest, "client_closed_request"},
		{"server shutting down", canceled(server.ErrShuttingDown), context.Canceled, http.StatusServiceUnavailable, "shutting_down"},
		{"operator canceled", canceled(server.ErrRequestCanceled), context.Canceled, http.StatusServiceUnavailable, "request_canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := classify(tt.x, tt.err)
			if e.Status != tt.status || e.Name() != tt.code || !errors.Is(e, tt.err) {
				t.Errorf("got %d %q (wraps %v), want %d %q wrapping the cause", e.Status, e.Name(), e.Err, tt.status, tt.code)
			}
			if strings.Contains(e.Message, "connection") || strings.Contains(e.Message, "127.0.0.1") {
				t.Errorf("public message %q leaks the cause", e.Message)
			}
		})
	}
}

func TestInvalidUpgradeIsBadRequest(t *testing.T) {
	be := startBackend(t, "a", ok)
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Upgrade", "caf\xe9")
	p.ServeHTTP(w, r)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"error":"bad_request"`) {
		t.Errorf("got %d %s, want a 400 JSON error", w.Code, w.Body)
	}
	if st := p.Backends()[0]; st.Requests != 0 || st.Errors != 0 || st.InFlight != 0 || be.conns.Load() != 0 {
		t.Errorf("stats %+v and %d backend connections, want the request refused before the backend", st, be.conns.Load())
	}
}
