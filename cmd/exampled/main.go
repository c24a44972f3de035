// Command exampled is tonic's example daemon: a small JSON service that uses
// the whole framework. Run it with `make run`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/seed78c03fa0/tonic/tonic"
)

// version and buildTime are stamped in by `make build` with -ldflags -X.
var (
	version   = "dev"
	buildTime = ""
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "exampled:", err)
		os.Exit(1)
	}
}

// run parses the flags, serves until ctx is done, then drains.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("exampled", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:8000", "address of the API listener")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Fprintln(stdout, version, buildTime)
		return nil
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: newMux(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "exampled %s listening on http://%s\n  try: curl -i http://%s/1.0/hello/world\n",
		version, ln.Addr(), ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newMux builds the routes.
func newMux() http.Handler {
	v1 := tonic.NewTrieServeMux()
	v1.HandleFunc("GET", "/hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"hello": r.PathValue("name")})
	})
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/1.0", v1)
	return mux
}
