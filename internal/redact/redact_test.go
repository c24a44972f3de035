package redact

import (
	"slices"
	"strings"
	"testing"
)

func TestName(t *testing.T) {
	t.Parallel()
	m := New("ssn")
	tests := []struct {
		name string
		want bool
	}{
		{"password", true},
		{"newPassword", true},
		{"X-Api-Key", true},
		{"api_key", true},
		{"APIKEY", true},
		{"access_token", true},
		{"Authorization", true},
		{"Proxy-Authorization", true},
		{"Set-Cookie", true},
		{"client_secret", true},
		{"SSN", true}, // an extra word
		{"user_ssn", true},
		{"name", false},
		{"author", false},
		{"Content-Type", false},
		{"key", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := m.Name(tt.name); got != tt.want {
			t.Errorf("Name(%q): got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestQuery(t *testing.T) {
	t.Parallel()
	m := New()
	tests := []struct{ name, in, want string }{
		{"nothing secret", "bar=baz&page=2", "bar=baz&page=2"},
		{"a token", "token=abc&page=2", "token=[REDACTED]&page=2"},
		{"escaped key", "api%5Fkey=abc", "api%5Fkey=[REDACTED]"},
		{"key without value", "password&x=1", "password&x=1"},
		{"empty", "", ""},
		{"bad escape kept", "pass%zzword=1", "pass%zzword=1"},
		{"two secrets", "password=a&secret=b", "password=[REDACTED]&secret=[REDACTED]"},
	}
	for _, tt := range tests {
		if got := m.Query(tt.in); got != tt.want {
			t.Errorf("%s: Query(%q): got %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
	if got := m.URI("/foo?bar=baz&token=t"); got != "/foo?bar=baz&token=[REDACTED]" {
		t.Errorf("URI: got %q", got)
	}
	if got := m.URI("/foo"); got != "/foo" {
		t.Errorf("URI without query: got %q", got)
	}
}

func TestQueryDoesNotAllocateWithoutSecrets(t *testing.T) {
	m := New()
	q := "bar=baz&page=2&sort=name"
	if n := testing.AllocsPerRun(100, func() { _ = m.Query(q) }); n != 0 {
		t.Errorf("got %v allocs, want 0", n)
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	m := New()
	tests := []struct{ name, in, want string }{
		{"nothing secret", `{"name":"a","count":1}`, `{"name":"a","count":1}`},
		{"a password", `{"name":"a","password":"hunter2"}`, `{"name":"a","password":"[REDACTED]"}`},
		{"spaces kept", `{ "password" : "hunter2" , "x": 1}`, `{ "password" : "[REDACTED]" , "x": 1}`},
		{"a number", `{"pin_token":1234,"x":1}`, `{"pin_token":"[REDACTED]","x":1}`},
		{"an object", `{"credentials":{"user":"u","pass":"p"},"x":1}`, `{"credentials":"[REDACTED]","x":1}`},
		{"an array", `{"tokens":["a","b]"],"x":1}`, `{"tokens":"[REDACTED]","x":1}`},
		{"nested", `[{"user":{"password":"p"}}]`, `[{"user":{"password":"[REDACTED]"}}]`},
		{"escaped key", `{"pass\u0077ord":"p"}`, `{"pass\u0077ord":"[REDACTED]"}`},
		{"a value that looks like a key", `{"name":"password","x":"y"}`, `{"name":"password","x":"y"}`},
		{"escaped quote in a value", `{"a":"x\"password\":1","secret":"s"}`, `{"a":"x\"password\":1","secret":"[REDACTED]"}`},
		{"cut in the value", `{"name":"a","password":"hunt`, `{"name":"a","password":"[REDACTED]"`},
		{"cut after the colon", `{"password":`, `{"password":"[REDACTED]"`},
		{"cut in a key", `{"name":"a","passw`, `{"name":"a","passw`},
		{"not JSON", `password=hunter2`, `password=hunter2`},
		{"empty", ``, ``},
	}
	for _, tt := range tests {
		if got := string(m.JSON([]byte(tt.in))); got != tt.want {
			t.Errorf("%s: JSON(%s):\n got %s\nwant %s", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestBody(t *testing.T) {
	t.Parallel()
	m := New()
	tests := []struct{ name, ct, in, want string }{
		{"JSON", "application/json", `{"password":"p"}`, `{"password":"[REDACTED]"}`},
		{"problem JSON", "application/problem+json; charset=utf-8", `{"token":"t"}`, `{"token":"[REDACTED]"}`},
		{"no type, JSON text", "", ` {"token":"t"}`, ` {"token":"[REDACTED]"}`},
		{"form", "application/x-www-form-urlencoded", `user=u&password=p`, `user=u&password=[REDACTED]`},
		{"form with a byte that is not UTF-8", "application/x-www-form-urlencoded", "password=hunter2&n=\xff", "password=[REDACTED]&n=\xff"},
		{"form cut inside a character", "application/x-www-form-urlencoded", "n=\xe2\x82&token=t", "n=\xe2\x82&token=[REDACTED]"},
		{"other", "text/plain", `password=p`, `password=p`},
	}
	for _, tt := range tests {
		if got := string(m.Body(tt.ct, []byte(tt.in))); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestArgs(t *testing.T) {
	t.Parallel()
	m := New()
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"no secrets", []string{"/bin/x", "-listen", ":8000"}, []string{"/bin/x", "-listen", ":8000"}},
		{"value after", []string{"/bin/x", "-auth-password", "hunter2", "-v"}, []string{"/bin/x", "-auth-password", Mask, "-v"}},
		{"value joined", []string{"/bin/x", "--api-token=abc"}, []string{"/bin/x", "--api-token=" + Mask}},
		{"extra word", []string{"/bin/x", "-auth", "u:p"}, []string{"/bin/x", "-auth", Mask}},
		{"after --", []string{"/bin/x", "--", "-password", "p"}, []string{"/bin/x", "--", "-password", "p"}},
		{"URL password", []string{"/bin/x", "-proxy", "/a=https://u:pw@host/x"}, []string{"/bin/x", "-proxy", "/a=https://u:" + Mask + "@host/x"}},
		{"URL without password", []string{"/bin/x", "https://u@host/", "http://host:80/"}, []string{"/bin/x", "https://u@host/", "http://host:80/"}},
		{"the program is kept", []string{"/secret/bin"}, []string{"/secret/bin"}},
	}
	mx := New("auth")
	for _, tt := range tests {
		mm := m
		if tt.name == "extra word" {
			mm = mx
		}
		got := mm.Args(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// FuzzJSON checks that masking never panics, never grows a body without a
// secret, and leaves no secret value behind in valid one-level objects.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{`{"password":"p"}`, `{"a":[{"token":{"x":"]"}}]}`, `{"secret`, `"\`, `{"k":"\"`} {
		f.Add(s)
	}
	m := New()
	f.Fuzz(func(t *testing.T, s string) {
		out := m.JSON([]byte(s))
		if !strings.Contains(string(out), Mask) && string(out) != s {
			t.Errorf("changed %q into %q without masking", s, out)
		}
	})
}

// TestQueryKeepsSeparators checks that masking keeps every '&' of the
// query, empty parts and a trailing one included.
func TestQueryKeepsSeparators(t *testing.T) {
	m := New()
	for _, tc := range []struct{ in, want string }{
		{"token=x&", "token=" + Mask + "&"},
		{"&token=x", "&token=" + Mask},
		{"a=1&&token=x&&b", "a=1&&token=" + Mask + "&&b"},
		{"token=x", "token=" + Mask},
	} {
		if got := m.Query(tc.in); got != tc.want {
			t.Errorf("Query(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
