package client_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// benchServerEnv, set in the environment of the test binary, makes it the
// benchmarks' server (see TestMain).
const benchServerEnv = "TONIC_CLIENT_BENCH_SERVER"

// benchGet is the request of GET /things/{id}: a path, a query and a
// header parameter.
type benchGet struct {
	ID      string `path:"id"`
	Verbose bool   `query:"verbose"`
	Token   string `header:"X-Token"`
}

// benchPut is the request of PUT /things/{id}: a path parameter and a body.
type benchPut struct {
	ID    string   `path:"id"`
	Name  string   `json:"name"`
	Count int      `json:"count"`
	Tags  []string `json:"tags"`
}

// benchThing is the response of both.
type benchThing struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Count   int       `json:"count"`
	Tags    []string  `json:"tags"`
	Created time.Time `json:"created"`
}

// serveBenchmarks serves the benchmark routes on a loopback port, prints
// its address and serves until its standard input closes. It returns the
// exit code.
func serveBenchmarks() int {
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/things/{id}", marshal.Typed(func(_ context.Context, in *benchGet) (*benchThing, error) {
		return &benchThing{ID: in.ID, Name: "widget " + in.Token, Count: 3, Tags: []string{"a", "b"}, Created: created}, nil
	}))
	mux.Handle("PUT", "/things/{id}", marshal.Typed(func(_ context.Context, in *benchPut) (*benchThing, error) {
		return &benchThing{ID: in.ID, Name: in.Name, Count: in.Count, Tags: in.Tags, Created: created}, nil
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Minute}
	go srv.Serve(ln)
	io.Copy(io.Discard, os.Stdin) // until the benchmark closes it
	srv.Close()
	return 0
}

// startBenchServer starts the benchmarks' server process and returns its
// base URL; the process ends with the benchmark.
func startBenchServer(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), benchServerEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("the benchmark server: %v", err)
	}
	return "http://" + strings.TrimSpace(addr)
}

// benchTimeout is the timeout of every call, both ways.
const benchTimeout = 30 * time.Second

// handGet is the baseline of GET: what a careful programmer writes with
// net/http and encoding/json alone for the same request.
func handGet(ctx context.Context, hc *http.Client, base string, in *benchGet) (*benchThing, error) {
	ctx, cancel := context.WithTimeout(ctx, benchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/things/"+url.PathEscape(in.ID)+"?verbose="+strconv.FormatBool(in.Verbose), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Token", in.Token)
	return handDo[benchThing](hc, req)
}

// handPut is the baseline of PUT.
func handPut(ctx context.Context, hc *http.Client, base string, in *benchPut) (*benchThing, error) {
	ctx, cancel := context.WithTimeout(ctx, benchTimeout)
	defer cancel()
	body, err := json.Marshal(struct {
		Name  string   `json:"name"`
		Count int      `json:"count"`
		Tags  []string `json:"tags"`
	}{in.Name, in.Count, in.Tags})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/things/"+url.PathEscape(in.ID), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	return handDo[benchThing](hc, req)
}

// handDo sends req and decodes a 200 answer.
func handDo[T any](hc *http.Client, req *http.Request) (*T, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return nil, fmt.Errorf("%s %s: %s", req.Method, req.URL, resp.Status)
	}
	var out T
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body) // the newline after the value, so the connection is reused
	return &out, nil
}

// BenchmarkCall compares client.Call with the hand-written call doing the
// same request, over one shared http.Client, against a server in another
// process: cpu-ns/op is the CPU time of this process, the client's alone.
func BenchmarkCall(b *testing.B) {
	base := startBenchServer(b)
	tr := &http.Transport{MaxIdleConnsPerHost: 8, ForceAttemptHTTP2: true}
	b.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	c, err := client.New(base, client.Options{HTTPClient: hc, Timeout: benchTimeout})
	if err != nil {
		b.Fatal(err)
	}
	get := &benchGet{ID: "a b", Verbose: true, Token: "t0k3n"}
	put := &benchPut{ID: "7", Name: "gadget", Count: 4, Tags: []string{"x", "y", "z"}}
	ctx := context.Background()
	cases := []struct {
		name string
		call func() (*benchThing, error)
	}{
		{"GET/client", func() (*benchThing, error) { return client.Call[benchThing](ctx, c, "GET /things/{id}", get) }},
		{"GET/handwritten", func() (*benchThing, error) { return handGet(ctx, hc, base, get) }},
		{"PUT/client", func() (*benchThing, error) { return client.Call[benchThing](ctx, c, "PUT /things/{id}", put) }},
		{"PUT/handwritten", func() (*benchThing, error) { return handPut(ctx, hc, base, put) }},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			if got, err := bc.call(); err != nil || got.Created.IsZero() {
				b.Fatalf("got %+v, %v", got, err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := bc.call(); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkNewRequest isolates the client's own work from the network: the
// request client.Call builds (plan lookup, parameters, headers, body)
// against the hand-written building of the same request.
func BenchmarkNewRequest(b *testing.B) {
	c, err := client.New("http://127.0.0.1:1")
	if err != nil {
		b.Fatal(err)
	}
	get := &benchGet{ID: "a b", Verbose: true, Token: "t0k3n"}
	put := &benchPut{ID: "7", Name: "gadget", Count: 4, Tags: []string{"x", "y", "z"}}
	ctx := context.Background()
	handGetRequest := func() (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:1/things/"+url.PathEscape(get.ID)+"?verbose="+strconv.FormatBool(get.Verbose), nil)
		if err == nil {
			req.Header.Set("Accept", "application/json")
			req.Header.Set("X-Token", get.Token)
		}
		return req, err
	}
	handPutRequest := func() (*http.Request, error) {
		body, err := json.Marshal(struct {
			Name  string   `json:"name"`
			Count int      `json:"count"`
			Tags  []string `json:"tags"`
		}{put.Name, put.Count, put.Tags})
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, "http://127.0.0.1:1/things/"+url.PathEscape(put.ID), bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Accept", "application/json")
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}
	cases := []struct {
		name string
		make func() (*http.Request, error)
	}{
		{"GET/client", func() (*http.Request, error) { return c.NewRequest(ctx, "GET /things/{id}", get) }},
		{"GET/handwritten", handGetRequest},
		{"PUT/client", func() (*http.Request, error) { return c.NewRequest(ctx, "PUT /things/{id}", put) }},
		{"PUT/handwritten", handPutRequest},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bc.make(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
