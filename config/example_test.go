package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/seed78c03fa0/tonic/config"
)

// Config is a service's configuration: the json tags name the keys of
// JSON and YAML files alike.
type Config struct {
	Listen  string        `json:"listen"`
	Timeout time.Duration `json:"timeout"`
	Origins []string      `json:"origins"`
}

// Load fills in what the file says over the defaults; a mistake names the
// file, the line and the key.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "config")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "svc.yaml")
	_ = os.WriteFile(path, []byte("timeout: 1m30s\norigins: [https://app.example.com]\n"), 0o600)

	cfg := Config{Listen: "127.0.0.1:8000"} // the defaults
	if err := config.Load(path, &cfg); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", cfg)

	_ = os.WriteFile(path, []byte("timeout: 10\n"), 0o600)
	var ce *config.Error
	if err := config.Load(path, &cfg); errors.As(err, &ce) {
		fmt.Printf("line %d: %s: %s\n", ce.Line, ce.Key, ce.Problem)
	}
	fmt.Println(config.Load("", &cfg)) // no -config flag given
	// Output:
	// {Listen:127.0.0.1:8000 Timeout:1m30s Origins:[https://app.example.com]}
	// line 1: timeout: got number 10, want a duration such as "1m30s"
	// <nil>
}
