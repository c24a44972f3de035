package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// envPrefix starts the environment variable of every flag: -tls-listen is
// also EXAMPLED_TLS_LISTEN.
const envPrefix = "EXAMPLED_"

// usageError is a bad command line or environment: main exits with 2.
type usageError struct {
	msg string
}

func (e *usageError) Error() string { return e.msg }

// usagef returns a *usageError.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// config is what the flags and the environment say.
type config struct {
	listen        string        // the API's plain HTTP address
	tlsListen     string        // the API's HTTPS address, or "" for none
	tlsCert       string        // PEM certificate chain file, or "" for a self-signed one
	tlsKey        string        // PEM key file, with tlsCert
	admin         string        // the admin server's address
	data          string        // the JSON file of the store, or "" to keep it in memory
	auth          *credentials  // the user allowed to write, or nil to generate one
	authFile      string        // the file -auth-file named, read into auth
	authInArgs    bool          // auth came from the command line, where ps shows it
	corsOrigins   []string      // origins allowed by CORS, or nil for no CORS
	logFormat     string        // "json" or "console"
	pidFile       string        // written by each process once it serves
	shutdownDelay time.Duration // how long the API serves unready before its listeners close
	proxies       []proxyMount  // -proxy mounts, in order
	configFile    string        // the JSON or YAML file of settings, or ""
	version       bool          // print the version and exit
	openapi       bool          // print the API's OpenAPI document and exit
}

// credentials are a user name and password for HTTP Basic authentication.
type credentials struct {
	user, password string
}

// parseConfig reads the flags in args, then the EXAMPLED_* variable of each
// flag not given, through getenv (an empty value counts as unset), then the
// -config file for the flags still not given, and checks the result: a flag
// wins over its variable, which wins over the file, which wins over the
// default. Errors are *usageError naming the flag (and the variable, or the
// file and key) at fault; -help returns flag.ErrHelp.
func parseConfig(args []string, getenv func(string) string) (config, error) {
	var c config
	fs := newFlagSet(&c)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, usagef("%v", hideSecretValue(err))
	}
	fs.Visit(func(f *flag.Flag) { c.authInArgs = c.authInArgs || f.Name == "auth" })
	if fs.NArg() > 0 {
		return c, usagef("unexpected argument %q (every setting is a flag)", fs.Arg(0))
	}
	if err := applyEnv(fs, getenv); err != nil {
		return c, usagef("%v", hideSecretValue(err))
	}
	if err := applyFile(fs, c.configFile); err != nil {
		return c, usagef("%v", err)
	}
	if err := c.check(); err != nil {
		return c, usagef("%v", err)
	}
	if err := c.readAuthFile(); err != nil {
		return c, usagef("%v", err)
	}
	return c, nil
}

// hideSecretValue removes the value of -auth from a flag error (package
// flag's, or applyEnv's), which would otherwise show a password in the
// terminal and the journal.
func hideSecretValue(err error) error {
	const before, after = `invalid value "`, `" for flag -auth:`
	msg := err.Error()
	end := strings.Index(msg, after)
	start := strings.Index(msg, before)
	if end < 0 || start < 0 || start > end {
		return err
	}
	return errors.New(msg[:start] + "invalid value for flag -auth:" + msg[end+len(after):])
}

// readAuthFile reads the user:password of -auth-file into c.auth: the
// first line of the file, without surrounding spaces.
func (c *config) readAuthFile() error {
	if c.authFile == "" {
		return nil
	}
	if c.auth != nil {
		return errors.New("-auth and -auth-file both give the credentials: give one")
	}
	b, err := os.ReadFile(c.authFile)
	if err != nil {
		return fmt.Errorf("-auth-file: %v", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	if err := authFlag(&c.auth)(strings.TrimSpace(line)); err != nil {
		return fmt.Errorf("-auth-file %s: %v", c.authFile, err)
	}
	return nil
}

// printUsage writes the flags and their environment variables to w.
func printUsage(w io.Writer) {
	fs := newFlagSet(&config{})
	fs.SetOutput(w)
	fmt.Fprintf(w, "Usage: exampled [flags]\n       exampled client [flags] command [arguments] (exampled client -help)\n\nEvery flag but -version and -openapi may also be set by the environment\nvariable %sNAME (-tls-listen by %sTLS_LISTEN), and every flag but -config,\n-openapi and -version by the key NAME of the -config file (tls-listen: addr). A flag wins\nover its variable, which wins over the file, which wins over the default.\n\n", envPrefix, envPrefix)
	fs.PrintDefaults()
}

// newFlagSet defines the flags, storing into c. It prints nothing: run
// reports errors and prints the usage on -help.
func newFlagSet(c *config) *flag.FlagSet {
	fs := flag.NewFlagSet("exampled", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.Func("listen", "`address` of the API over HTTP (default 127.0.0.1:8000)", addrFlag(&c.listen, false))
	fs.Func("tls-listen", "`address` of the API over HTTPS (default none)", addrFlag(&c.tlsListen, true))
	fs.StringVar(&c.tlsCert, "tls-cert", "", "PEM certificate chain `file` for -tls-listen, reloaded on SIGHUP (default a self-signed development certificate)")
	fs.StringVar(&c.tlsKey, "tls-key", "", "PEM private key `file` of -tls-cert")
	fs.Func("admin", "`address` of the admin server: /info, /readyz, /metrics, /debug/... (default 127.0.0.1:8001)", addrFlag(&c.admin, false))
	fs.StringVar(&c.data, "data", "", "JSON `file` that keeps the stuff across restarts (default in memory)")
	fs.Func("auth", "`user:password` allowed to write; every local user can read a command line (ps), so prefer EXAMPLED_AUTH or -auth-file (default user exampled with a random password, printed at start)", authFlag(&c.auth))
	fs.StringVar(&c.authFile, "auth-file", "", "`file` whose first line is the user:password allowed to write, instead of -auth")
	fs.Func("cors-origin", "comma-separated `origins` allowed by CORS, or * (default none)", corsFlag(&c.corsOrigins))
	fs.Func("log-format", "`format` of the log on stderr: json or console (default json)", logFormatFlag(&c.logFormat))
	fs.StringVar(&c.pidFile, "pid-file", "", "`file` that each process writes its PID to once it serves, for systemd (default none)")
	fs.Func("shutdown-delay", "`duration` the API keeps serving, unready, after SIGTERM before it stops accepting (default 0s)", durationFlag(&c.shutdownDelay))
	fs.Func("proxy", proxyUsage, proxyFlag(&c.proxies))
	fs.StringVar(&c.configFile, "config", "", "JSON (.json) or YAML (.yaml, .yml) `file` of settings, a key per flag; flags and variables win over it (default none)")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.BoolVar(&c.openapi, "openapi", false, "print the API's OpenAPI document (JSON) and exit, without listening")
	c.listen, c.admin, c.logFormat = "127.0.0.1:8000", "127.0.0.1:8001", "json"
	return fs
}

// applyEnv sets each flag that the command line did not give from its
// environment variable, if that is not empty. -version and -openapi have none.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{"version": true, "openapi": true}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || given[f.Name] {
			return
		}
		name := envName(f.Name)
		if v := getenv(name); v != "" {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s: invalid value %q for flag -%s: %v", name, v, f.Name, e)
			}
		}
	})
	return err
}

// envName returns the environment variable of the flag name.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// check verifies the settings that involve more than one flag.
func (c *config) check() error {
	if (c.tlsCert == "") != (c.tlsKey == "") {
		return errors.New("-tls-cert and -tls-key go together: give both or neither")
	}
	if c.tlsCert != "" && c.tlsListen == "" {
		return errors.New("-tls-cert and -tls-key need -tls-listen")
	}
	return nil
}

// addrFlag parses a host:port address; optional allows "".
func addrFlag(dst *string, optional bool) func(string) error {
	return func(s string) error {
		if s == "" && optional {
			*dst = ""
			return nil
		}
		_, port, err := net.SplitHostPort(s)
		if err != nil {
			return fmt.Errorf("want host:port, e.g. 127.0.0.1:8000: %v", err)
		}
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			return fmt.Errorf("port %q is not a number from 0 to 65535", port)
		}
		*dst = s
		return nil
	}
}

// authFlag parses user:password.
func authFlag(dst **credentials) func(string) error {
	return func(s string) error {
		user, password, ok := strings.Cut(s, ":")
		switch {
		case !ok:
			return errors.New("want user:password")
		case user == "" || password == "":
			return errors.New("want user:password, both non-empty")
		case strings.ContainsFunc(user, func(r rune) bool { return r < ' ' || r == 0x7f }):
			return errors.New("the user name has a control character")
		}
		*dst = &credentials{user: user, password: password}
		return nil
	}
}

// corsFlag parses a comma-separated list of origins, or "*".
func corsFlag(dst *[]string) func(string) error {
	return func(s string) error {
		if s == "*" {
			*dst = []string{"*"}
			return nil
		}
		var origins []string
		for _, o := range strings.Split(s, ",") {
			o = strings.TrimSpace(o)
			if err := checkOrigin(o); err != nil {
				return err
			}
			origins = append(origins, o)
		}
		*dst = origins
		return nil
	}
}

// checkOrigin accepts an origin as browsers send it: scheme://host[:port],
// as middleware.CORS does.
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || u.Scheme == "" || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.HasSuffix(o, "?") {
		return fmt.Errorf("%q is not an origin such as https://app.example.com (or * for any)", o)
	}
	return nil
}

// logFormatFlag accepts json or console.
func logFormatFlag(dst *string) func(string) error {
	return func(s string) error {
		if s != "json" && s != "console" {
			return fmt.Errorf("want json or console")
		}
		*dst = s
		return nil
	}
}

// durationFlag parses a non-negative duration.
func durationFlag(dst *time.Duration) func(string) error {
	return func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("want a duration such as 5s")
		}
		if d < 0 {
			return fmt.Errorf("want a duration of 0s or more")
		}
		*dst = d
		return nil
	}
}
