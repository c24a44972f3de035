package tonic

import (
	"net/http/httptest"
	"testing"
)

func TestAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		accept, media string
		want          bool
	}{
		{"", "application/json", true},
		{"application/json", "application/json", true},
		{"*/*", "application/json", true},
		{"application/*", "application/json", true},
		{"text/html", "application/json", false},
		{"text/html, application/json;q=0.5", "application/json", true},
		{"application/json;q=0", "application/json", false},
		{"application/json;q=0, */*", "application/json", false},
		{"application/json;q=0.0, */*;q=1", "application/json", false},
		{"application/*;q=0, */*", "application/json", false},
		{"application/*;q=0, application/json", "application/json", true},
		{"*/*;q=0", "application/json", false},
		{"APPLICATION/JSON", "application/json", true},
		{"application/json; charset=utf-8", "application/json", true},
		{`text/plain;foo="a,b", application/json`, "application/json", true},
		{"application/json;q=2", "application/json", false},
		{"application/json;q=abc, text/html", "application/json", false},
		{"garbage", "application/json", false},
		{"*/json", "application/json", false},
		{"text/plain", "text/plain", true},
		{"text/*;q=0.1", "text/plain", true},
	}
	for _, tt := range tests {
		if got := Accepts(tt.accept, tt.media); got != tt.want {
			t.Errorf("Accepts(%q, %q): got %v, want %v", tt.accept, tt.media, got, tt.want)
		}
	}
}

func TestAcceptsJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		accept string
		want   bool
	}{
		{"", true},
		{"application/json", true},
		{"*/*", true},
		{"text/html", false},
		{"application/problem+json", true},
		{"application/vnd.api+json", true},
		{"application/vnd.api+json;q=0", false},
		{"application/json;q=0, application/vnd.api+json", false},
		{"application/json;q=0, */*", false},
		{"text/html, */*;q=0.1", true},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true},
	}
	for _, tt := range tests {
		if got := AcceptsJSON(tt.accept); got != tt.want {
			t.Errorf("AcceptsJSON(%q): got %v, want %v", tt.accept, got, tt.want)
		}
	}
}

func TestAcceptHeader(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("GET", "/", nil)
	if got := AcceptHeader(r); got != "" {
		t.Errorf("no header: got %q", got)
	}
	r.Header.Add("Accept", "text/html")
	r.Header.Add("Accept", "application/json;q=0")
	if got, want := AcceptHeader(r), "text/html,application/json;q=0"; got != want {
		t.Errorf("repeated header: got %q, want %q", got, want)
	}
}

func BenchmarkAcceptsJSON(b *testing.B) {
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !AcceptsJSON(browser) {
			b.Fatal("refused")
		}
	}
}
