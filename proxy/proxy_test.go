package proxy

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/tonic"
)

func TestRequestIDKeyIsCanonical(t *testing.T) {
	if got := http.CanonicalHeaderKey(tonic.RequestIDHeader); got != reqid.HeaderKey {
		t.Errorf("got %q, want %q", reqid.HeaderKey, got)
	}
}

func TestNewRejects(t *testing.T) {
	many := make([]string, MaxBackends+1)
	for i := range many {
		many[i] = fmt.Sprintf("http://127.0.0.1:%d", 1000+i)
	}
	taken := metrics.NewRegistry()
	taken.Register("proxy.default.127.0.0.1:9001.requests", metrics.NewCounter())
	tests := []struct {
		name     string
		backends []string
		reg      metrics.Registry
		opts     Options
		want     string
	}{
		{name: "no backend", want: "proxy: New with no backend"},
		{name: "too many backends", backends: many, want: "65 backends; at most 64"},
		{name: "nil registry", backends: []string{"http://127.0.0.1:9001"}, reg: nil, want: "nil metrics.Registry"},
		{name: "unparsable URL", backends: []string{"http://[::1"}, want: `backend "http://[::1"`},
		{name: "no scheme", backends: []string{"127.0.0.1:9001"}, want: "not a URL such as http://"},
		{name: "host:port alone", backends: []string{"localhost:9001"}, want: "want an http:// or https:// URL"},
		{name: "ftp", backends: []string{"ftp://127.0.0.1"}, want: "want an http:// or https:// URL"},
		{name: "no host", backends: []string{"http:///path"}, want: "no host"},
		{name: "credentials", backends: []string{"http://u:secret@127.0.0.1:9001"}, want: "credentials"},
		{name: "query", backends: []string{"http://127.0.0.1:9001/?a=1"}, want: "query or fragment"},
		{name: "fragment", backends: []string{"http://127.0.0.1:9001/#x"}, want: "query or fragment"},
		{name: "port 0", backends: []string{"http://127.0.0.1:0"}, want: `port "0"`},
		{name: "port too big", backends: []string{"http://127.0.0.1:70000"}, want: `port "70000"`},
		{name: "same host twice", backends: []string{"http://127.0.0.1:80", "http://127.0.0.1/x"}, want: `"http://127.0.0.1:80" and "http://127.0.0.1/x" have the same host and port`},
		{name: "negative timeout", backends: []string{"http://127.0.0.1:9001"}, opts: Options{ResponseHeaderTimeout: -1}, want: "Options.ResponseHeaderTimeout is negative"},
		{name: "negative pool", backends: []string{"http://127.0.0.1:9001"}, opts: Options{MaxIdleConnsPerHost: -1}, want: "Options.MaxIdleConnsPerHost is negative"},
		{name: "unknown balance", backends: []string{"http://127.0.0.1:9001"}, opts: Options{Balance: 7}, want: "Options.Balance is Balance(7)"},
		{name: "relative health path", backends: []string{"http://127.0.0.1:9001"}, opts: Options{HealthCheck: HealthCheck{Path: "healthz"}}, want: `HealthCheck.Path "healthz"`},
		{name: "metric taken", backends: []string{"http://127.0.0.1:9001"}, reg: taken, want: `metric "proxy.default.127.0.0.1:9001.requests"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := tt.reg
			if reg == nil && tt.name != "nil registry" {
				reg = metrics.NewRegistry()
			}
			p, err := New(tt.backends, reg, tt.opts)
			if err == nil {
				p.Close()
				t.Fatalf("New succeeded, want an error with %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), "proxy: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, want a proxy: error with %q", err, tt.want)
			}
		})
	}
}

func TestNewRegistersNothingOnError(t *testing.T) {
	reg := metrics.NewRegistry()
	reg.Register("proxy.default.127.0.0.1:9002.latency", metrics.NewCounter())
	if _, err := New([]string{"http://127.0.0.1:9001", "http://127.0.0.1:9002"}, reg); err == nil {
		t.Fatal("New succeeded with a metric name taken")
	}
	var names []string
	reg.Each(func(name string, _ any) { names = append(names, name) })
	if len(names) != 1 {
		t.Errorf("registry holds %v after a failed New, want only the metric that was there", names)
	}
}

func TestNewPanicsOnTwoOptions(t *testing.T) {
	defer func() {
		p := recover()
		if s, _ := p.(string); !strings.Contains(s, "proxy: New given 2 Options") {
			t.Errorf("got panic %v, want one naming the 2 Options", p)
		}
	}()
	New([]string{"http://127.0.0.1:9001"}, metrics.NewRegistry(), Options{}, Options{})
}

func TestCloseUnregisters(t *testing.T) {
	reg := metrics.NewRegistry()
	p, err := New([]string{"http://127.0.0.1:9001"}, reg, Options{Name: "users"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	reg.Each(func(name string, _ any) { names = append(names, name) })
	want := []string{"conns_idle", "conns_open", "ejections", "errors", "healthy", "in_flight", "latency", "requests"}
	if len(names) != len(want) {
		t.Fatalf("registered %v, want %d metrics", names, len(want))
	}
	for _, suffix := range want {
		if reg.Get("proxy.users.127.0.0.1:9001."+suffix) == nil {
			t.Errorf("metric proxy.users.127.0.0.1:9001.%s not registered; have %v", suffix, names)
		}
	}
	p.Close()
	p.Close()
	n := 0
	reg.Each(func(string, any) { n++ })
	if n != 0 {
		t.Errorf("%d metrics left after Close, want 0", n)
	}
	p2, err := New([]string{"http://127.0.0.1:9001"}, reg, Options{Name: "users"})
	if err != nil {
		t.Fatalf("a new Proxy of the same name after Close: %v", err)
	}
	p2.Close()
}
