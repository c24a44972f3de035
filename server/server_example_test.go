package server_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// get does a GET with a client of its own and returns the status and body.
func get(url, requestID string) (int, string) {
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set(tonic.RequestIDHeader, requestID)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// A Server on a port picked by the system, stopped gracefully.
func ExampleServer() {
	log := zerolog.New(io.Discard)
	srv, err := server.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello, request %s", tonic.RequestIDFrom(r.Context()))
	}), log, server.Options{Name: "api"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	fmt.Println(get("http://"+ln.Addr().String(), "abc-1"))
	fmt.Println(srv.Shutdown(context.Background()))
	fmt.Println(<-served)
	// Output:
	// 200 hello, request abc-1
	// <nil>
	// server: server closed
}

// A handler reports what it is doing; an operator sees it in the in-flight
// table and cancels the request.
func ExampleServer_CancelRequest() {
	log := zerolog.New(io.Discard)
	working := make(chan struct{})
	srv, err := server.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tonic.SetRequestStatus(r.Context(), "querying store")
		close(working)
		<-r.Context().Done()
		tonic.WriteError(w, r, 0, context.Cause(r.Context()))
	}), log, server.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())

	type response struct {
		status int
		body   string
	}
	done := make(chan response)
	go func() {
		status, body := get("http://"+ln.Addr().String()+"/stuff?slow=1", "req-7")
		done <- response{status, body}
	}()
	<-working
	for _, q := range srv.Requests() {
		fmt.Println(q.ID, q.Method, q.URI, q.Status)
	}
	fmt.Println(srv.CancelRequest("req-7"))
	r := <-done
	fmt.Print(r.status, " ", r.body)
	// Output:
	// req-7 GET /stuff?slow=1 querying store
	// true
	// 503 {"error":"request_canceled","description":"the request was canceled by an operator","request_id":"req-7"}
}

// The main of a service: an API server on plain and TLS endpoints and an
// admin server, stopped, reloaded and upgraded by signals.
func ExampleRun() {
	log := zerolog.New(os.Stderr).With().Timestamp().Logger()
	var certs server.Reloader   // e.g. a *tonictls.Config (tonic's tls package)
	var tlsConfig *tls.Config   // then its TLSConfig()
	var api, admin http.Handler // the service and its admin endpoints

	apiServer, err := server.New(api, log, server.Options{Name: "api", ShutdownDelay: 5 * time.Second})
	if err != nil {
		log.Fatal().Err(err).Send()
	}
	adminServer, err := server.New(admin, log, server.Options{Name: "admin", GracePeriod: 5 * time.Second})
	if err != nil {
		log.Fatal().Err(err).Send()
	}
	err = server.Run(context.Background(), server.RunOptions{Logger: log, PIDFile: "/run/stuff/stuff.pid", Reloaders: []server.Reloader{certs}},
		server.Bind(adminServer, server.Endpoint{Addr: "127.0.0.1:8001"}), // first: it stops last
		server.Bind(apiServer, server.Endpoint{Addr: ":8000"}, server.Endpoint{Addr: ":8443", TLSConfig: tlsConfig}),
	)
	if err != nil { // an aborted drain, or ErrForcedStop after a second signal
		log.Error().Err(err).Msg("stopped")
		os.Exit(1)
	}
}
