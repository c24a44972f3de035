// Command proxyd is one process of the proxy benchmark (see ../): the
// backend, or a Go reverse proxy in front of it. It listens on -listen,
// prints "listening ADDR" on standard output once it serves, and exits on
// SIGTERM or SIGINT.
//
//	-mode backend   a net/http server answering every request with a small
//	                JSON body; GET /_conns answers the number of connections
//	                it has accepted
//	-mode tonic     tonic's proxy.Proxy to -backend on a plain http.Server
//	-mode bare      httputil.NewSingleHostReverseProxy(-backend), with
//	                http.DefaultTransport, on the same plain http.Server
//	-mode pooled    httputil.ReverseProxy to -backend with the pool sizes
//	                and buffer pool of tonic's proxy and nothing else (no
//	                balancing, retries, stats or request ID): the floor of
//	                net/http, to tell tonic's own cost from the library's
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/proxy"
)

// body is the backend's answer: small, as most API responses are.
const body = `{"id":"1","name":"widget","count":3,"created":"2026-01-02T03:04:05Z"}` + "\n"

func main() {
	mode := flag.String("mode", "", "backend, tonic or bare")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	backend := flag.String("backend", "", "the backend's URL, for tonic and bare")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to `file`")
	flag.Parse()
	if *cpuProfile != "" {
		stop, err := profile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "proxyd:", err)
			os.Exit(1)
		}
		defer stop()
	}
	if err := run(*mode, *listen, *backend); err != nil {
		fmt.Fprintln(os.Stderr, "proxyd:", err)
		os.Exit(1)
	}
}

// profile starts a CPU profile into file and returns what stops it.
func profile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// run serves the handler of mode on listen until a signal.
func run(mode, listen, backend string) error {
	h, closeFn, err := handler(mode, backend)
	if err != nil {
		return err
	}
	defer closeFn()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	var conns atomic.Int64
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}}
	if mode == "backend" {
		srv.Handler = withConnCount(h, &conns)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	fmt.Printf("listening %s\n", ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// handler returns the handler of mode and what closes it.
func handler(mode, backend string) (http.Handler, func(), error) {
	switch mode {
	case "backend":
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			_, _ = w.Write([]byte(body))
		}), func() {}, nil
	case "tonic":
		p, err := proxy.New([]string{backend}, metrics.NewRegistry(), proxy.Options{Name: "bench"})
		if err != nil {
			return nil, nil, err
		}
		return p, func() { p.Close() }, nil
	case "bare":
		u, err := url.Parse(backend)
		if err != nil {
			return nil, nil, err
		}
		return httputil.NewSingleHostReverseProxy(u), func() {}, nil
	case "pooled":
		u, err := url.Parse(backend)
		if err != nil {
			return nil, nil, err
		}
		t := &http.Transport{MaxIdleConnsPerHost: proxy.DefaultMaxIdleConnsPerHost, MaxConnsPerHost: proxy.DefaultMaxConnsPerHost,
			IdleConnTimeout: proxy.DefaultIdleConnTimeout, DisableCompression: true}
		return &httputil.ReverseProxy{
			Rewrite:    func(pr *httputil.ProxyRequest) { pr.SetURL(u); pr.SetXForwarded() },
			Transport:  t,
			BufferPool: &bufferPool{},
		}, t.CloseIdleConnections, nil
	}
	return nil, nil, fmt.Errorf("-mode %q: want backend, tonic, bare or pooled", mode)
}

// withConnCount answers GET /_conns with the count of accepted connections.
func withConnCount(h http.Handler, conns *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_conns" {
			fmt.Fprintln(w, conns.Load())
			return
		}
		h.ServeHTTP(w, r)
	})
}

// bufferPool lends ReverseProxy 32 KiB copy buffers.
type bufferPool struct{ pool sync.Pool }

func (b *bufferPool) Get() []byte {
	if buf, ok := b.pool.Get().(*[]byte); ok {
		return *buf
	}
	return make([]byte, 32<<10)
}

func (b *bufferPool) Put(buf []byte) { b.pool.Put(&buf) }
