// Command service is a tonic service as it runs in production: the API
// behind the middleware stack, served by a server.Server with its timeouts,
// request table and drain, an admin listener beside it, and server.Run
// answering the signals (SIGTERM drains, SIGUSR2 restarts with zero
// downtime). `go run ./examples/service`.
package main

import (
	"context"
	"os"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/admin"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/middleware"
	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

type Greeting struct {
	Name string `path:"name"`
}

type Reply struct {
	Hello string `json:"hello"`
}

func greet(ctx context.Context, in *Greeting) (*Reply, error) {
	tonic.SetRequestStatus(ctx, "greeting") // shown in the admin's /debug/requests
	return &Reply{Hello: in.Name}, nil
}

func main() {
	log := zerolog.New(os.Stderr).With().Timestamp().Logger()
	reg := metrics.NewRegistry()

	mux := tonic.NewTrieServeMux()
	v1 := mux.Group("/1.0")
	v1.Handle("GET", "/hello/{name}", marshal.Typed(greet))
	stack := middleware.Chain(
		middleware.RequestID(),
		middleware.Logged(log),
		middleware.Counted(reg, ""), // "": one counter per route, "GET /1.0/hello/{name}.count"
		middleware.Timed(reg, ""),
		middleware.Recovered(log),
	)

	api, err := server.New(stack(mux), log, server.Options{Name: "api", ShutdownDelay: 5 * time.Second})
	if err != nil {
		log.Fatal().Err(err).Send()
	}
	ops, err := admin.New(reg, admin.Options{Version: "v1.0.0", Servers: []*server.Server{api}, Ready: api.Ready})
	if err != nil {
		log.Fatal().Err(err).Send()
	}
	adm, err := server.New(ops, log, server.Options{Name: "admin", GracePeriod: 5 * time.Second})
	if err != nil {
		log.Fatal().Err(err).Send()
	}
	err = server.Run(context.Background(), server.RunOptions{Logger: log},
		server.Bind(adm, server.Endpoint{Addr: "127.0.0.1:8001"}), // first: it stops last
		server.Bind(api, server.Endpoint{Addr: "127.0.0.1:8000"}),
	)
	if err != nil { // a drain that ran out of time, or a second signal
		log.Fatal().Err(err).Send()
	}
}
