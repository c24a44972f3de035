package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/middleware"
)

// envOf returns a getenv over m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// defaults is the configuration with no flag and no variable.
func defaults() config {
	return config{listen: "127.0.0.1:8000", admin: "127.0.0.1:8001", logFormat: "json"}
}

func TestParseConfig(t *testing.T) {
	t.Parallel()
	authFile := filepath.Join(t.TempDir(), "auth")
	if err := os.WriteFile(authFile, []byte("  filed:s3 cret \nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want func(c *config) // changes to defaults()
	}{
		{"defaults", nil, nil, func(c *config) {}},
		{"every flag", []string{"-listen", ":0", "-tls-listen", "127.0.0.1:8443", "-tls-cert", "c.pem", "-tls-key", "k.pem",
			"-admin", "[::1]:9", "-data", "/var/lib/x.json", "-auth", "bob:pa:ss", "-cors-origin", "https://a.example, http://localhost:3000",
			"-log-format", "console", "-pid-file", "/run/x.pid", "-shutdown-delay", "5s"}, nil, func(c *config) {
			*c = config{listen: ":0", tlsListen: "127.0.0.1:8443", tlsCert: "c.pem", tlsKey: "k.pem", admin: "[::1]:9",
				data: "/var/lib/x.json", auth: &credentials{user: "bob", password: "pa:ss"}, authInArgs: true,
				corsOrigins: []string{"https://a.example", "http://localhost:3000"}, logFormat: "console",
				pidFile: "/run/x.pid", shutdownDelay: 5 * time.Second}
		}},
		{"every variable", nil, map[string]string{"EXAMPLED_LISTEN": ":0", "EXAMPLED_TLS_LISTEN": ":1", "EXAMPLED_TLS_CERT": "c", "EXAMPLED_TLS_KEY": "k",
			"EXAMPLED_ADMIN": ":2", "EXAMPLED_DATA": "d.json", "EXAMPLED_AUTH": "u:p", "EXAMPLED_CORS_ORIGIN": "*",
			"EXAMPLED_LOG_FORMAT": "console", "EXAMPLED_PID_FILE": "p", "EXAMPLED_SHUTDOWN_DELAY": "1m"}, func(c *config) {
			*c = config{listen: ":0", tlsListen: ":1", tlsCert: "c", tlsKey: "k", admin: ":2", data: "d.json",
				auth: &credentials{user: "u", password: "p"}, corsOrigins: []string{"*"}, logFormat: "console",
				pidFile: "p", shutdownDelay: time.Minute}
		}},
		{"a flag wins over its variable", []string{"-listen", "127.0.0.1:1"}, map[string]string{"EXAMPLED_LISTEN": "127.0.0.1:2", "EXAMPLED_ADMIN": "127.0.0.1:3"},
			func(c *config) { c.listen, c.admin = "127.0.0.1:1", "127.0.0.1:3" }},
		{"an empty variable is unset", nil, map[string]string{"EXAMPLED_LISTEN": "", "EXAMPLED_AUTH": ""}, func(c *config) {}},
		{"-auth-file", []string{"-auth-file", authFile}, nil, func(c *config) {
			c.authFile, c.auth = authFile, &credentials{user: "filed", password: "s3 cret"}
		}},
		{"EXAMPLED_AUTH_FILE", nil, map[string]string{"EXAMPLED_AUTH_FILE": authFile}, func(c *config) {
			c.authFile, c.auth = authFile, &credentials{user: "filed", password: "s3 cret"}
		}},
		{"-version", []string{"-version"}, map[string]string{"EXAMPLED_VERSION": "nonsense"}, func(c *config) { c.version = true }},
		{"EXAMPLED_VERSION is no setting", nil, map[string]string{"EXAMPLED_VERSION": "true"}, func(c *config) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseConfig(tt.args, envOf(tt.env))
			want := defaults()
			tt.want(&want)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("parseConfig(%q): got %+v, %v; want %+v", tt.args, got, err, want)
			}
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // the message
	}{
		{"unknown flag", []string{"-port", "80"}, nil, "flag provided but not defined: -port"},
		{"argument", []string{"serve"}, nil, `unexpected argument "serve" (every setting is a flag)`},
		{"address without port", []string{"-listen", "localhost"}, nil, `invalid value "localhost" for flag -listen: want host:port, e.g. 127.0.0.1:8000: address localhost: missing port in address`},
		{"port out of range", []string{"-admin", "127.0.0.1:70000"}, nil, `invalid value "127.0.0.1:70000" for flag -admin: port "70000" is not a number from 0 to 65535`},
		{"named port", []string{"-tls-listen", ":https"}, nil, `invalid value ":https" for flag -tls-listen: port "https" is not a number from 0 to 65535`},
		{"empty listen", []string{"-listen", ""}, nil, `invalid value "" for flag -listen: want host:port, e.g. 127.0.0.1:8000: missing port in address`},
		{"auth without password", []string{"-auth", "bob"}, nil, `invalid value for flag -auth: want user:password`},
		{"auth with empty user, the value hidden", []string{"-auth", ":pw"}, nil, `invalid value for flag -auth: want user:password, both non-empty`},
		{"auth with control character", []string{"-auth", "b\x01b:pw"}, nil, `invalid value for flag -auth: the user name has a control character`},
		{"bad auth variable, the value hidden", nil, map[string]string{"EXAMPLED_AUTH": ":s3cret"}, `EXAMPLED_AUTH: invalid value for flag -auth: want user:password, both non-empty`},
		{"auth and auth-file", []string{"-auth", "u:p", "-auth-file", "/x"}, nil, "-auth and -auth-file both give the credentials: give one"},
		{"missing auth-file", []string{"-auth-file", "/nonexistent/auth"}, nil, "-auth-file: open /nonexistent/auth: no such file or directory"},
		{"origin with a path", []string{"-cors-origin", "https://a.example/app"}, nil, `invalid value "https://a.example/app" for flag -cors-origin: "https://a.example/app" is not an origin such as https://app.example.com (or * for any)`},
		{"origin without scheme", []string{"-cors-origin", "a.example"}, nil, `invalid value "a.example" for flag -cors-origin: "a.example" is not an origin such as https://app.example.com (or * for any)`},
		{"star among origins", []string{"-cors-origin", "*,https://a.example"}, nil, `invalid value "*,https://a.example" for flag -cors-origin: "*" is not an origin such as https://app.example.com (or * for any)`},
		{"log format", []string{"-log-format", "xml"}, nil, `invalid value "xml" for flag -log-format: want json or console`},
		{"bad duration", []string{"-shutdown-delay", "5"}, nil, `invalid value "5" for flag -shutdown-delay: want a duration such as 5s`},
		{"negative duration", []string{"-shutdown-delay", "-1s"}, nil, `invalid value "-1s" for flag -shutdown-delay: want a duration of 0s or more`},
		{"bad variable", nil, map[string]string{"EXAMPLED_LOG_FORMAT": "xml"}, `EXAMPLED_LOG_FORMAT: invalid value "xml" for flag -log-format: want json or console`},
		{"bad duration variable", nil, map[string]string{"EXAMPLED_SHUTDOWN_DELAY": "soon"}, `EXAMPLED_SHUTDOWN_DELAY: invalid value "soon" for flag -shutdown-delay: want a duration such as 5s`},
		{"cert without key", []string{"-tls-listen", ":0", "-tls-cert", "c.pem"}, nil, "-tls-cert and -tls-key go together: give both or neither"},
		{"key without cert", nil, map[string]string{"EXAMPLED_TLS_LISTEN": ":0", "EXAMPLED_TLS_KEY": "k.pem"}, "-tls-cert and -tls-key go together: give both or neither"},
		{"cert without TLS listener", []string{"-tls-cert", "c.pem", "-tls-key", "k.pem"}, nil, "-tls-cert and -tls-key need -tls-listen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig(tt.args, envOf(tt.env))
			var usage *usageError
			if !errors.As(err, &usage) || err.Error() != tt.want {
				t.Errorf("parseConfig(%q): got %v, want a usage error %s", tt.args, err, tt.want)
			}
		})
	}
}

func TestParseConfigHelp(t *testing.T) {
	t.Parallel()
	if _, err := parseConfig([]string{"-help"}, envOf(nil)); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-help: got %v, want flag.ErrHelp", err)
	}
	var b bytes.Buffer
	printUsage(&b)
	for _, want := range []string{"EXAMPLED_TLS_LISTEN", "-listen address", "-auth user:password", "-shutdown-delay duration", "-version"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the usage lacks %q:\n%s", want, b.String())
		}
	}
}

// TestCORSOriginsAccepted checks that every origin list the flag accepts
// is one middleware.CORS accepts: it panics on the others.
func TestCORSOriginsAccepted(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"*", "https://a.example", "http://localhost:3000,https://b.example:8443", "chrome-extension://abcdef"} {
		var origins []string
		if err := corsFlag(&origins)(v); err != nil {
			t.Errorf("-cors-origin %q: %v", v, err)
			continue
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("-cors-origin %q: middleware.CORS panics: %v", v, p)
				}
			}()
			middleware.CORS(origins)
		}()
	}
}
