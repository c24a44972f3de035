package main

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFileSettingsMatchFlags: every flag but -config and -version is a key
// of the -config file, named as the flag, and every key is a flag.
func TestFileSettingsMatchFlags(t *testing.T) {
	t.Parallel()
	flags := map[string]bool{}
	newFlagSet(&config{}).VisitAll(func(f *flag.Flag) {
		if f.Name != "config" && f.Name != "version" && f.Name != "openapi" {
			flags[f.Name] = true
		}
	})
	keys := map[string]bool{}
	st := reflect.TypeFor[fileSettings]()
	for i := 0; i < st.NumField(); i++ {
		keys[st.Field(i).Tag.Get("json")] = true
	}
	if !reflect.DeepEqual(flags, keys) {
		t.Errorf("got file keys %v, want one per flag: %v", keys, flags)
	}
}

// configFile writes a settings file named name into a new directory.
func configFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigFile(t *testing.T) {
	t.Parallel()
	yamlFile := configFile(t, "exampled.yaml", `# every setting
listen: 127.0.0.1:7000
admin: 127.0.0.1:7001
log-format: console
shutdown-delay: 5s
cors-origin: [https://a.example, https://b.example]
proxy:
  - /a/=http://h:1
  - /b/=http://h:2,http://h:3
auth: ""
`)
	jsonFile := configFile(t, "exampled.json", `{"listen": "127.0.0.1:7000", "pid-file": "/run/x.pid"}`)
	fromYAML := func(c *config) {
		c.listen, c.admin, c.logFormat, c.shutdownDelay = "127.0.0.1:7000", "127.0.0.1:7001", "console", 5*time.Second
		c.corsOrigins = []string{"https://a.example", "https://b.example"}
		c.proxies = []proxyMount{{prefix: "/a/", backends: []string{"http://h:1"}}, {prefix: "/b/", backends: []string{"http://h:2", "http://h:3"}}}
	}
	documented := configFile(t, "doc.yaml", `# /etc/exampled.yaml
listen: 0.0.0.0:8000
tls-listen: 0.0.0.0:8443
tls-cert: /etc/exampled/cert.pem
tls-key: /etc/exampled/key.pem
data: /var/lib/exampled/stuff.json
shutdown-delay: 5s
cors-origin: [https://app.example.com]
proxy:
  - /users/=http://10.0.0.7:9000,http://10.0.0.8:9000
`)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want func(c *config) // changes to defaults()
	}{
		{"the example of the documentation", []string{"-config", documented}, nil, func(c *config) {
			c.configFile, c.listen, c.tlsListen, c.tlsCert, c.tlsKey = documented, "0.0.0.0:8000", "0.0.0.0:8443", "/etc/exampled/cert.pem", "/etc/exampled/key.pem"
			c.data, c.shutdownDelay, c.corsOrigins = "/var/lib/exampled/stuff.json", 5*time.Second, []string{"https://app.example.com"}
			c.proxies = []proxyMount{{prefix: "/users/", backends: []string{"http://10.0.0.7:9000", "http://10.0.0.8:9000"}}}
		}},
		{"YAML file over the defaults", []string{"-config", yamlFile}, nil, func(c *config) { fromYAML(c); c.configFile = yamlFile }},
		{"JSON file", []string{"-config", jsonFile}, nil, func(c *config) { c.listen, c.pidFile, c.configFile = "127.0.0.1:7000", "/run/x.pid", jsonFile }},
		{"EXAMPLED_CONFIG names the file", nil, map[string]string{"EXAMPLED_CONFIG": jsonFile}, func(c *config) {
			c.listen, c.pidFile, c.configFile = "127.0.0.1:7000", "/run/x.pid", jsonFile
		}},
		{"a variable wins over the file", []string{"-config", yamlFile}, map[string]string{"EXAMPLED_LISTEN": "127.0.0.1:8100", "EXAMPLED_PROXY": "/c/=http://h:4"}, func(c *config) {
			fromYAML(c)
			c.configFile, c.listen, c.proxies = yamlFile, "127.0.0.1:8100", []proxyMount{{prefix: "/c/", backends: []string{"http://h:4"}}}
		}},
		{"a flag wins over its variable and the file", []string{"-config", yamlFile, "-listen", "127.0.0.1:8200", "-cors-origin", "*"},
			map[string]string{"EXAMPLED_LISTEN": "127.0.0.1:8100", "EXAMPLED_ADMIN": "127.0.0.1:8101"}, func(c *config) {
				fromYAML(c)
				c.configFile, c.listen, c.admin, c.corsOrigins = yamlFile, "127.0.0.1:8200", "127.0.0.1:8101", []string{"*"}
			}},
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

func TestConfigFileErrors(t *testing.T) {
	t.Parallel()
	badAddr := configFile(t, "bad.yaml", "admin: localhost\n")
	typo := configFile(t, "typo.yaml", "listen: 127.0.0.1:1\nlisten-tls: 127.0.0.1:2\n")
	number := configFile(t, "number.yaml", "shutdown-delay: 5\n")
	certOnly := configFile(t, "cert.json", `{"tls-listen": ":0", "tls-cert": "c.pem"}`)
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"a bad value names the file and key", []string{"-config", badAddr}, nil,
			badAddr + `: admin: invalid value "localhost": want host:port, e.g. 127.0.0.1:8000: address localhost: missing port in address`},
		{"a bad value the flag overrides is not read", []string{"-config", badAddr, "-admin", "127.0.0.1:9"}, nil, ""},
		{"an unknown key", []string{"-config", typo}, nil, "config: " + typo + `:2: listen-tls: unknown key, want one of admin, auth, auth-file, cors-origin, data, listen, log-format, pid-file, proxy, shutdown-delay, tls-cert, tls-key, tls-listen`},
		{"a number for a string", []string{"-config", number}, nil, "config: " + number + `:1: shutdown-delay: got number 5, want a string`},
		{"settings that go together", nil, map[string]string{"EXAMPLED_CONFIG": certOnly}, "-tls-cert and -tls-key go together: give both or neither"},
		{"a missing file", []string{"-config", missing}, nil, "config: open " + missing + ": no such file or directory"},
		{"an unknown extension", []string{"-config", "exampled.toml"}, nil, `config: exampled.toml: extension ".toml" not recognized, want .json, .yaml or .yml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig(tt.args, envOf(tt.env))
			if tt.want == "" {
				if err != nil {
					t.Errorf("got %v, want no error", err)
				}
				return
			}
			var usage *usageError
			if !errors.As(err, &usage) || err.Error() != tt.want {
				t.Errorf("got %v, want a usage error %s", err, tt.want)
			}
		})
	}
	if !strings.Contains(usageText(t), "-config file") {
		t.Errorf("the usage does not mention -config:\n%s", usageText(t))
	}
}

// usageText returns what -help prints.
func usageText(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	printUsage(&b)
	return b.String()
}
