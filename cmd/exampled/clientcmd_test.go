package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
	"github.com/seed78c03fa0/tonic/tonictest"
)

// TestClientCommand runs `exampled client` in process against the API on a
// loopback port, command after command.
func TestClientCommand(t *testing.T) {
	t.Parallel()
	h, _ := newTestAPI(t, nil)
	s := tonictest.NewServer(t, h)
	env := envOf(map[string]string{"EXAMPLED_AUTH": testAuth.user + ":" + testAuth.password})
	steps := []struct {
		name string
		args []string
		want string // the JSON printed
		err  string // or the error
	}{
		{"create", []string{"create", "widget", "3"}, itemJSON("1", "widget", 3), ""},
		{"create without a count", []string{"create", "gadget"}, itemJSON("2", "gadget", 0), ""},
		{"get", []string{"get", "1"}, itemJSON("1", "widget", 3), ""},
		{"update", []string{"update", "1", "sprocket", "7"}, itemJSON("1", "sprocket", 7), ""},
		{"list", []string{"list"}, `{"items":[` + itemJSON("1", "sprocket", 7) + `,` + itemJSON("2", "gadget", 0) + `],"total":2,"limit":100,"offset":0}`, ""},
		{"a page", []string{"list", "1", "1"}, `{"items":[` + itemJSON("2", "gadget", 0) + `],"total":2,"limit":1,"offset":1}`, ""},
		{"delete", []string{"delete", "2"}, `{"deleted":"2"}`, ""},
		{"get what was deleted", []string{"-request-id", "cli-1", "get", "2"}, "", `client: 404 not_found: no stuff with id "2" (request ID cli-1)`},
		{"an invalid page", []string{"-request-id", "cli-2", "list", "0"}, "", "client: 422 unprocessable_entity: query.limit: must be at least 1 (request ID cli-2)"},
	}
	for _, st := range steps {
		var out strings.Builder
		err := run(context.Background(), append([]string{"client", "-url", s.URL}, st.args...), env, &out, nil)
		switch {
		case st.err != "" && (err == nil || err.Error() != st.err):
			t.Errorf("%s: got %v, want the error %q", st.name, err, st.err)
		case st.err == "" && err != nil:
			t.Errorf("%s: %v", st.name, err)
		case st.err == "" && compactJSON(t, out.String()) != st.want:
			t.Errorf("%s: got %s, want %s", st.name, out.String(), st.want)
		}
	}
	var e *tonic.Error
	err := run(context.Background(), []string{"client", "-url", s.URL, "delete", "1"}, envOf(nil), &strings.Builder{}, nil)
	if !errors.As(err, &e) || e.Status != 401 {
		t.Errorf("delete without EXAMPLED_AUTH: got %v, want a 401 *tonic.Error", err)
	}
}

// compactJSON removes the indentation of printed JSON.
func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("%v in %q", err, s)
	}
	return b.String()
}

func TestClientCommandUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no command", nil, nil, "client: no command; want list, get, create, update or delete (exampled client -help)"},
		{"unknown command", []string{"fetch", "1"}, nil, `client: "fetch" with 1 arguments: want list [limit [offset]]`},
		{"missing argument", []string{"get"}, nil, `client: "get" with 0 arguments`},
		{"not a number", []string{"create", "x", "many"}, nil, `client: count "many" is not a whole number`},
		{"bad flag", []string{"-verbose", "list"}, nil, "client: flag provided but not defined: -verbose"},
		{"bad credentials", []string{"list"}, map[string]string{"EXAMPLED_AUTH": "nobody"}, "client: EXAMPLED_AUTH: want user:password"},
		{"two ways to trust", []string{"-ca", "x.pem", "-pin", "sha256//x", "list"}, nil, "client: -ca and -pin are two ways to trust the server; give one"},
		{"bad URL", []string{"-url", "ftp://127.0.0.1:8000", "list"}, nil, `-url: client: base URL "ftp://127.0.0.1:8000": want an http or https URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out strings.Builder
			err := run(context.Background(), append([]string{"client"}, tt.args...), envOf(tt.env), &out, nil)
			var usage *usageError
			if !errors.As(err, &usage) || !strings.HasPrefix(err.Error(), tt.want) || out.Len() != 0 {
				t.Errorf("got %v and stdout %q, want a usage error starting %q", err, out.String(), tt.want)
			}
		})
	}
	var out strings.Builder
	if err := run(context.Background(), []string{"client", "-help"}, envOf(nil), &out, nil); err != nil || !strings.HasPrefix(out.String(), "Usage: exampled client") || !strings.Contains(out.String(), "-pin pin") {
		t.Errorf("-help: got %v and %q, want the usage with the flags", err, out.String())
	}
}
