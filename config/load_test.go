package config_test

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/config"
)

// settings is the configuration the tests load.
type settings struct {
	Listen   string            `json:"listen"`
	Port     int               `json:"port"`
	Ratio    float64           `json:"ratio,omitempty"`
	Debug    bool              `json:"debug"`
	Timeout  time.Duration     `json:"timeout"`
	Delay    *time.Duration    `json:"delay,omitempty"`
	Origins  []string          `json:"origins"`
	Labels   map[string]string `json:"labels,omitempty"`
	Backends []backend         `json:"backends,omitempty"`
	Addr     netip.Addr        `json:"addr,omitzero"`
	Since    time.Time         `json:"since,omitzero"`
	Raw      []byte            `json:"raw,omitempty"`
	Extra    any               `json:"extra,omitempty"`
	Small    uint8             `json:"small,omitempty"`
	Embedded
}

// Embedded's fields are promoted, as encoding/json promotes them.
type Embedded struct {
	Region string `json:"region,omitempty"`
}

type backend struct {
	URL    string `json:"url"`
	Weight int    `json:"weight"`
}

// write writes a file named name with content into a new directory.
func write(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// defaults is what the struct holds before Load.
func defaults() settings {
	return settings{Listen: "127.0.0.1:8000", Port: 80, Origins: []string{"default"}}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	second := 2 * time.Second
	full := func(s *settings) {
		s.Listen, s.Port, s.Debug, s.Timeout, s.Delay = ":9", 9000, true, 90*time.Second, &second
		s.Origins, s.Labels = []string{"https://a.example", "https://b.example"}, map[string]string{"team": "core"}
		s.Backends = []backend{{URL: "http://10.0.0.1", Weight: 2}}
		s.Addr, s.Since = netip.MustParseAddr("10.0.0.7"), time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
		s.Region = "eu"
	}
	tests := []struct {
		name, file, content string
		want                func(s *settings)
	}{
		{name: "JSON", file: "c.json", content: `{"listen":":9","port":9000,"debug":true,"timeout":"1m30s","delay":"2s",
			"origins":["https://a.example","https://b.example"],"labels":{"team":"core"},
			"backends":[{"url":"http://10.0.0.1","weight":2}],"addr":"10.0.0.7","since":"2024-05-01T12:00:00Z","region":"eu"}`, want: full},
		{name: "YAML", file: "c.yaml", content: `# the same settings
listen: ":9"
port: 9000
debug: true
timeout: 1m30s
delay: 2s
origins:
  - https://a.example
  - https://b.example
labels: {team: core}
backends:
  - url: http://10.0.0.1
    weight: 2
addr: 10.0.0.7
since: 2024-05-01T12:00:00Z
region: eu
`, want: full},
		{name: ".yml in capitals", file: "C.YML", content: "port: 1\n", want: func(s *settings) { s.Port = 1 }},
		{name: "JSON leaves the rest", file: "c.json", content: `{"port":1}`, want: func(s *settings) { s.Port = 1 }},
		{name: "empty YAML sets nothing", file: "c.yaml", content: "# nothing yet\n", want: func(*settings) {}},
		{name: "YAML null sets nothing", file: "c.yaml", content: "~\n", want: func(*settings) {}},
		{name: "null value", file: "c.json", content: `{"origins":null}`, want: func(s *settings) { s.Origins = nil }},
		{name: "YAML numbers", file: "c.yaml", content: "port: 0x1F\nratio: 1.5e3\nsmall: 0o17\n", want: func(s *settings) { s.Port, s.Ratio, s.Small = 31, 1500, 15 }},
		{name: "YAML quoted number is a string", file: "c.yaml", content: "listen: '8000'\n", want: func(s *settings) { s.Listen = "8000" }},
		{name: "YAML merge", file: "c.yaml", content: `backends:
  - &b {url: http://x, weight: 1}
  - <<: *b
    weight: 5
`, want: func(s *settings) { s.Backends = []backend{{URL: "http://x", Weight: 1}, {URL: "http://x", Weight: 5}} }},
		{name: "YAML binary and any", file: "c.yaml", content: "raw: !!binary aGVs\n  bG8=\nextra: {a: [1, two]}\n", want: func(s *settings) {
			s.Raw, s.Extra = []byte("hello"), map[string]any{"a": []any{1.0, "two"}}
		}},
		{name: "YAML multi-line string", file: "c.yaml", content: "listen: >-\n  a\n  b\n", want: func(s *settings) { s.Listen = "a b" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, want := defaults(), defaults()
			tt.want(&want)
			if err := config.Load(write(t, tt.file, tt.content), &got); err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, content string
		want                string // the message after "config: <path>"
	}{
		{name: "unknown JSON key", file: "c.json", content: "{\n  \"port\": 1,\n  \"prot\": 2\n}", want: `:3: prot: unknown key, want one of addr, backends, debug, delay, extra, labels, listen, origins, port, ratio, raw, region, since, small, timeout`},
		{name: "unknown YAML key", file: "c.yaml", content: "port: 1\nbackends:\n  - url: x\n    wieght: 2\n", want: `:4: backends[0].wieght: unknown key, want one of url, weight`},
		{name: "key in another case", file: "c.yaml", content: "Port: 1\n", want: `:1: Port: unknown key (did you mean "port"?)`},
		{name: "duplicate JSON key", file: "c.json", content: "{\"port\": 1,\n\"port\": 2}", want: `:2: port: key given twice (first on line 1)`},
		{name: "duplicate YAML key", file: "c.yaml", content: "labels:\n  a: x\n  a: y\n", want: `:3: labels.a: key given twice (first on line 2)`},
		{name: "wrong JSON type", file: "c.json", content: "{\n\"origins\": [\"a\",\n 7]}", want: `:3: origins[1]: got number 7, want a string`},
		{name: "wrong YAML type", file: "c.yaml", content: "debug: yes\n", want: `:1: debug: got string "yes", want a boolean`},
		{name: "object for a string", file: "c.yaml", content: "listen:\n  a: 1\n", want: `:2: listen: got object, want a string`},
		{name: "out of range", file: "c.json", content: `{"small": 300}`, want: `:1: small: got number 300, want an integer that fits uint8`},
		{name: "bare number for a duration", file: "c.yaml", content: "timeout: 10\n", want: `:1: timeout: got number 10, want a duration such as "1m30s"`},
		{name: "bad duration", file: "c.json", content: `{"delay": "soon"}`, want: `:1: delay: got string "soon", want a duration such as "1m30s"`},
		{name: "type's own error", file: "c.yaml", content: "port: 1\naddr: 300.1.2.3\n", want: `:2: addr: ParseAddr("300.1.2.3"): IPv4 field has value >255`},
		{name: "YAML date is no RFC 3339 time", file: "c.yaml", content: "since: 2024-05-01\n", want: `:1: since: parsing time "2024-05-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"`},
		{name: "malformed JSON", file: "c.json", content: "{\n\"port\": 1,,\n}", want: `:2: malformed JSON: invalid character ',' looking for beginning of object key string`},
		{name: "truncated JSON", file: "c.json", content: "{\"port\":", want: `:1: port: malformed JSON: the file ends in the middle of a value`},
		{name: "data after JSON", file: "c.json", content: "{}\n{}", want: `:2: data after the JSON value`},
		{name: "empty JSON", file: "c.json", content: " \n", want: `: the file is empty, want a JSON value`},
		{name: "malformed YAML", file: "c.yaml", content: "port: 1\n  listen: x\n", want: `:2: malformed YAML: mapping values are not allowed in this context`},
		{name: "two YAML documents", file: "c.yaml", content: "port: 1\n---\nport: 2\n", want: `:2: a second YAML document, want one`},
		{name: "YAML infinity", file: "c.yaml", content: "ratio: .inf\n", want: `:1: ratio: got .inf, want a finite number (JSON has no infinity or NaN)`},
		{name: "YAML custom tag", file: "c.yaml", content: "listen: !secret x\n", want: `:1: listen: YAML tag !secret is not supported`},
		{name: "YAML key not a scalar", file: "c.yaml", content: "labels:\n  [a]: x\n", want: `:2: labels: a key must be a string, number or boolean, not a mapping or sequence`},
		{name: "YAML merge of a scalar", file: "c.yaml", content: "backends:\n  - <<: 3\n", want: `:2: backends[0]: a merge key (<<) takes a mapping or a list of mappings, got number`},
		{name: "top level of the wrong type", file: "c.json", content: `[1]`, want: `:1: got array, want an object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := write(t, tt.file, tt.content)
			s := defaults()
			err := config.Load(path, &s)
			var ce *config.Error
			if !errors.As(err, &ce) || ce.File != path {
				t.Fatalf("got %v, want a *config.Error for %s", err, path)
			}
			if got, want := err.Error(), "config: "+path+tt.want; got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	var s settings
	missing := filepath.Join(t.TempDir(), "missing.json")
	tests := []struct {
		name string
		path string
		v    any
		want string
	}{
		{name: "empty path is a no-op", path: "", v: &s, want: ""},
		{name: "no extension", path: "/etc/svc", v: &s, want: "config: /etc/svc: the file name has no extension, want .json, .yaml or .yml"},
		{name: "unknown extension", path: "/etc/svc.toml", v: &s, want: `config: /etc/svc.toml: extension ".toml" not recognized, want .json, .yaml or .yml`},
		{name: "missing file", path: missing, v: &s, want: "config: open " + missing + ": no such file or directory"},
		{name: "not a pointer", path: "x.json", v: s, want: `config: Load("x.json", config_test.settings): want a non-nil pointer`},
		{name: "nil pointer, even without a path", path: "", v: (*settings)(nil), want: `config: Load("", *config_test.settings): want a non-nil pointer`},
		{name: "nil", path: "", v: nil, want: `config: Load("", <nil>): want a non-nil pointer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := config.Load(tt.path, tt.v)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if err := config.Load(missing, &s); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want it to wrap os.ErrNotExist", err)
	}
}

// A YAML file of aliases of aliases, which would expand to billions of
// values, is refused.
func TestLoadRefusesAliasBombs(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	var v map[string]any
	err := config.Load(write(t, "bomb.yaml", b.String()), &v)
	if err == nil || !strings.Contains(err.Error(), "aliases expand to more than") {
		t.Errorf("got %v, want the expansion refused", err)
	}
}
