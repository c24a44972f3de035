package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
)

// benchStore returns a store in memory with one item, ID 1.
func benchStore(b *testing.B) *Store {
	store, err := OpenStore("", time.Now)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := store.Create(ItemInput{Name: "widget", Count: 3}); err != nil {
		b.Fatal(err)
	}
	return store
}

// benchAPI returns the API over a store in memory with one item, logging to
// nowhere.
func benchAPI(b *testing.B) http.Handler {
	store := benchStore(b)
	return mustAPI(b, apiOptions{store: store, log: zerolog.Nop(), registry: metrics.NewRegistry(), auth: testAuth})
}

// bareGet is GET /1.0/stuff/{id} on net/http alone, with no middleware,
// doing the same JSON work: the peer of BenchmarkAPI/get.
func bareGet(b *testing.B) http.Handler {
	store := benchStore(b)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /1.0/stuff/{id}", func(w http.ResponseWriter, r *http.Request) {
		it, err := store.Get(r.PathValue("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		body, err := json.Marshal(it)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(append(body, '\n'))
	})
	return mux
}

// BenchmarkAPI measures the whole middleware stack and an endpoint, in
// process, without the network; bare-get is the same GET on net/http alone.
func BenchmarkAPI(b *testing.B) {
	cases := []struct {
		name, method, target, body string
		code                       int
		handler                    func(*testing.B) http.Handler
	}{
		{"bare-get", "GET", "/1.0/stuff/1", "", 200, bareGet},
		{"get", "GET", "/1.0/stuff/1", "", 200, benchAPI},
		{"list", "GET", "/1.0/stuff?limit=10", "", 200, benchAPI},
		{"create", "POST", "/1.0/stuff", `{"name":"gadget","count":4}`, 201, benchAPI},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			h := c.handler(b)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
				if c.body != "" {
					r.Header.Set("Content-Type", "application/json")
					r.SetBasicAuth(testAuth.user, testAuth.password)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != c.code {
					b.Fatalf("%s %s: got %d %s", c.method, c.target, w.Code, w.Body)
				}
			}
		})
	}
}
