// Command hello is the smallest tonic service: one typed endpoint on the
// trie mux, served by net/http. `go run ./examples/hello`, then
// `curl localhost:8000/hello/world`.
package main

import (
	"context"
	"log"
	"net/http"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

type Greeting struct {
	Name string `path:"name"`
}

type Reply struct {
	Hello string `json:"hello"`
}

func greet(ctx context.Context, in *Greeting) (*Reply, error) {
	return &Reply{Hello: in.Name}, nil
}

func main() {
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/hello/{name}", marshal.Typed(greet))
	log.Fatal(http.ListenAndServe("127.0.0.1:8000", mux))
}
