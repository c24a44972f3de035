package main

import (
	"flag"
	"fmt"
	"reflect"
	"strings"

	cfgfile "github.com/seed78c03fa0/tonic/config"
)

// fileSettings is what a -config file may hold: one key per flag, named
// as the flag, whose value is what the flag takes, as a string; the
// repeatable or comma-separated ones (cors-origin, proxy) as a list. An
// empty value counts as unset, as for a variable. A new flag gets a field
// here (TestFileSettingsMatchFlags checks that each flag has one).
type fileSettings struct {
	Listen        string   `json:"listen"`
	TLSListen     string   `json:"tls-listen"`
	TLSCert       string   `json:"tls-cert"`
	TLSKey        string   `json:"tls-key"`
	Admin         string   `json:"admin"`
	Data          string   `json:"data"`
	Auth          string   `json:"auth"`
	AuthFile      string   `json:"auth-file"`
	CORSOrigin    []string `json:"cors-origin"`
	LogFormat     string   `json:"log-format"`
	PIDFile       string   `json:"pid-file"`
	ShutdownDelay string   `json:"shutdown-delay"`
	Proxy         []string `json:"proxy"`
}

// applyFile loads the -config file at path, if any, and sets each flag
// that neither the command line nor the environment gave from it. A list
// is given to a comma-separated flag joined by commas, and to a repeatable
// one element by element.
func applyFile(fs *flag.FlagSet, path string) error {
	var s fileSettings
	if err := cfgfile.Load(path, &s); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	v := reflect.ValueOf(s)
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Tag.Get("json")
		if given[name] {
			continue
		}
		for _, value := range fileValues(name, v.Field(i)) {
			if err := fs.Set(name, value); err != nil {
				return fmt.Errorf("%s: %s: invalid value %q: %v", path, name, value, err)
			}
		}
	}
	return nil
}

// fileValues returns the values to set flag name to from a field of
// fileSettings: none for an empty one.
func fileValues(name string, f reflect.Value) []string {
	if f.Kind() == reflect.String {
		if f.String() == "" {
			return nil
		}
		return []string{f.String()}
	}
	list := f.Interface().([]string)
	if len(list) == 0 {
		return nil
	}
	if name == "cors-origin" {
		return []string{strings.Join(list, ",")}
	}
	return list
}
