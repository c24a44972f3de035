package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	metrics "github.com/rcrowley/go-metrics"
)

// version and buildTime are stamped in by `make build` with -ldflags -X.
var (
	version   = "dev"
	buildTime = ""
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	var usage *usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintf(os.Stderr, "exampled: %v\nRun exampled -help for the flags.\n", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "exampled:", err)
		os.Exit(1)
	}
}

// run is exampled: it reads its settings from args and getenv, prints the
// startup text to stdout and logs to stderr, and serves until a signal (see
// tonic.Run) or the end of ctx stops it. It returns a *usageError for bad
// settings, and the error that stopped the service, if any. With the first
// argument "client", it is the command-line client instead (see runClient).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "client" {
		return runClient(ctx, args[1:], getenv, stdout)
	}
	cfg, err := parseConfig(args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return nil
	}
	if err != nil {
		return err
	}
	if cfg.version {
		fmt.Fprintln(stdout, versionLine())
		return nil
	}
	if cfg.openapi {
		return printDocument(cfg, version, stdout)
	}
	return serve(ctx, cfg, build{version: version, time: buildTime}, metrics.DefaultRegistry, stdout, stderr)
}

// versionLine is what -version prints.
func versionLine() string {
	if buildTime == "" {
		return fmt.Sprintf("exampled %s (%s)", version, runtime.Version())
	}
	return fmt.Sprintf("exampled %s (built %s, %s)", version, buildTime, runtime.Version())
}

// build is what -ldflags -X stamped into the binary.
type build struct {
	version, time string
}
