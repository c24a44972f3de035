package main

import (
	"context"
	cryptotls "crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
)

// The routes the command-line client calls: the API's own patterns.
const (
	routeList   = "GET " + apiPrefix + "/stuff"
	routeCreate = "POST " + apiPrefix + "/stuff"
	routeGet    = "GET " + apiPrefix + "/stuff/{id}"
	routeUpdate = "PUT " + apiPrefix + "/stuff/{id}"
	routeDelete = "DELETE " + apiPrefix + "/stuff/{id}"
)

// clientUsage is what exampled client -help prints after the flags.
const clientUsage = `Usage: exampled client [flags] command [arguments]

Calls a running exampled with package client and prints the JSON answers.
The writes authenticate with the user:password of EXAMPLED_AUTH, never a flag.

Commands:
  list [limit [offset]]     a page of stuff
  get ID                    one item
  create NAME [COUNT]       a new item
  update ID NAME [COUNT]    replace an item's name and count
  delete ID                 remove an item

Flags:
`

// clientConfig is what the client's flags and environment say.
type clientConfig struct {
	url       string
	caFile    string
	pin       string
	requestID string
	timeout   time.Duration
	auth      *credentials
}

// runClient is `exampled client`: it calls the API at -url with the command
// in args and prints the answer to stdout. Errors are *usageError for a bad
// command line, a *tonic.Error for an error answer, or the failure to call.
func runClient(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, cmd, err := parseClientArgs(args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, clientUsage)
		fs, _ := newClientFlagSet(&clientConfig{})
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return nil
	}
	if err != nil {
		return err
	}
	c, err := cfg.client()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	if cfg.requestID != "" {
		ctx = tonic.ContextWithRequestID(ctx, cfg.requestID)
	}
	out, err := callCommand(ctx, c, cmd)
	if err != nil {
		return describeCallError(err)
	}
	return printJSON(stdout, out)
}

// newClientFlagSet defines the client's flags, storing into c.
func newClientFlagSet(c *clientConfig) (*flag.FlagSet, *clientConfig) {
	fs := flag.NewFlagSet("exampled client", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&c.url, "url", "http://127.0.0.1:8000", "base `URL` of the API, http or https")
	fs.StringVar(&c.caFile, "ca", "", "PEM `file` of the certificates to trust for https (default the system's)")
	fs.StringVar(&c.pin, "pin", "", "trust the https certificate whose public key has this `pin` (the tls-pin exampled prints) instead")
	fs.StringVar(&c.requestID, "request-id", "", "`ID` sent in X-Request-ID (default the server's own)")
	fs.DurationVar(&c.timeout, "timeout", client.DefaultTimeout, "`duration` a call may take")
	return fs, c
}

// parseClientArgs reads the flags and the command; EXAMPLED_AUTH gives the
// credentials.
func parseClientArgs(args []string, getenv func(string) string) (clientConfig, []string, error) {
	fs, c := newClientFlagSet(&clientConfig{})
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return *c, nil, err
		}
		return *c, nil, usagef("client: %v", err)
	}
	if v := getenv(envName("auth")); v != "" {
		if err := authFlag(&c.auth)(v); err != nil {
			return *c, nil, usagef("client: %s: %v", envName("auth"), err)
		}
	}
	if c.caFile != "" && c.pin != "" {
		return *c, nil, usagef("client: -ca and -pin are two ways to trust the server; give one")
	}
	if fs.NArg() == 0 {
		return *c, nil, usagef("client: no command; want list, get, create, update or delete (exampled client -help)")
	}
	return *c, fs.Args(), nil
}

// client returns the client the settings describe.
func (cfg clientConfig) client() (*client.Client, error) {
	opts := client.Options{Timeout: cfg.timeout}
	if cfg.auth != nil {
		opts.Header = http.Header{"Authorization": {client.BasicAuth(cfg.auth.user, cfg.auth.password)}}
	}
	switch {
	case cfg.pin != "":
		opts.TLSConfig = pinnedTLS(cfg.pin)
	case cfg.caFile != "":
		pem, err := os.ReadFile(cfg.caFile)
		if err != nil {
			return nil, fmt.Errorf("client: -ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("client: -ca %s: no PEM certificate in the file", cfg.caFile)
		}
		opts.TLSConfig = &cryptotls.Config{RootCAs: pool}
	}
	c, err := client.New(cfg.url, opts)
	if err != nil {
		return nil, usagef("-url: %v", err)
	}
	return c, nil
}

// pinnedTLS trusts only a certificate whose public key has pin, as
// exampled prints it for its self-signed development certificate.
func pinnedTLS(pin string) *cryptotls.Config {
	return &cryptotls.Config{
		InsecureSkipVerify: true, // replaced by the pin check: the certificate is self-signed
		VerifyConnection: func(cs cryptotls.ConnectionState) error {
			if got := publicKeyPin(cryptotls.Certificate{Leaf: cs.PeerCertificates[0]}); got != pin {
				return fmt.Errorf("the server's public key pin is %s, want %s", got, pin)
			}
			return nil
		},
	}
}

// callCommand calls the route of cmd and returns the answer to print.
func callCommand(ctx context.Context, c *client.Client, cmd []string) (any, error) {
	name, args := cmd[0], cmd[1:]
	switch {
	case name == "list" && len(args) <= 2:
		req := &listRequest{}
		if len(args) > 0 {
			limit, err := intArg("limit", args[0])
			req.Limit = &limit
			if err != nil {
				return nil, err
			}
		}
		if len(args) > 1 {
			var err error
			if req.Offset, err = intArg("offset", args[1]); err != nil {
				return nil, err
			}
		}
		return client.Call[ItemPage](ctx, c, routeList, req)
	case name == "get" && len(args) == 1:
		return client.Call[Item](ctx, c, routeGet, &idRequest{ID: args[0]})
	case name == "create" && (len(args) == 1 || len(args) == 2):
		in, err := inputArgs(args)
		if err != nil {
			return nil, err
		}
		return client.Call[Item](ctx, c, routeCreate, &in)
	case name == "update" && (len(args) == 2 || len(args) == 3):
		in, err := inputArgs(args[1:])
		if err != nil {
			return nil, err
		}
		return client.Call[Item](ctx, c, routeUpdate, &updateRequest{ID: args[0], ItemInput: in})
	case name == "delete" && len(args) == 1:
		if _, err := client.Call[struct{}](ctx, c, routeDelete, &idRequest{ID: args[0]}); err != nil {
			return nil, err
		}
		return map[string]string{"deleted": args[0]}, nil
	}
	return nil, usagef("client: %q with %d arguments: want list [limit [offset]], get ID, create NAME [COUNT], update ID NAME [COUNT] or delete ID", name, len(args))
}

// inputArgs reads NAME [COUNT].
func inputArgs(args []string) (ItemInput, error) {
	in := ItemInput{Name: args[0]}
	if len(args) > 1 {
		n, err := intArg("count", args[1])
		in.Count = int64(n)
		return in, err
	}
	return in, nil
}

// intArg reads a number argument.
func intArg(name, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, usagef("client: %s %q is not a whole number", name, s)
	}
	return n, nil
}

// describeCallError words an error answer for people: status, code,
// description, the invalid values and the request ID to look for in the
// server's log.
func describeCallError(err error) error {
	var e *tonic.Error
	if !errors.As(err, &e) {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "client: %d %s: ", e.StatusCode(), e.Name())
	if len(e.Fields) == 0 {
		b.WriteString(e.Message)
	}
	for i, f := range e.Fields { // the description only sums them up
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", f.Path, f.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request ID %s)", e.RequestID)
	}
	return &callError{msg: b.String(), err: e}
}

// callError is an error answer, worded for people, that still unwraps to
// the *tonic.Error.
type callError struct {
	msg string
	err *tonic.Error
}

func (e *callError) Error() string { return e.msg }
func (e *callError) Unwrap() error { return e.err }

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
