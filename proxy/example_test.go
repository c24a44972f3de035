package proxy_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/proxy"
	"github.com/seed78c03fa0/tonic/tonic"
)

func ExampleNew() {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "backend got %s %s, request ID %s", r.Method, r.URL.Path, r.Header.Get(tonic.RequestIDHeader))
	}))
	defer backend.Close()

	p, err := proxy.New([]string{backend.URL + "/api"}, metrics.NewRegistry(), proxy.Options{Name: "example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	mux := tonic.NewTrieServeMux()
	mux.HandleNamespace("/backend", p)

	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/backend/things", nil)
	r.Header.Set(tonic.RequestIDHeader, "req-1")
	mux.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Body)
	fmt.Println(w.Code, string(body))
	fmt.Println(p.Backends()[0].Requests, "request")
	// Output:
	// 200 backend got GET /api/things, request ID req-1
	// 1 request
}

func ExampleNew_badGateway() {
	p, err := proxy.New([]string{"http://127.0.0.1:1"}, metrics.NewRegistry())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set(tonic.RequestIDHeader, "req-2")
	p.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// 502 {"error":"bad_gateway","description":"the upstream service could not be reached or gave an invalid answer","request_id":"req-2"}
}

func ExampleNew_invalid() {
	_, err := proxy.New([]string{"http://user:secret@10.0.0.7"}, metrics.NewRegistry())
	fmt.Println(err)
	// Output:
	// proxy: backend "http://user:xxxxx@10.0.0.7": credentials in the URL; a backend URL must not carry secrets
}
