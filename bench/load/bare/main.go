// Command bare is the baseline of the load comparison: the same JSON work as
// exampled's GET /1.0/stuff/{id} and POST /1.0/stuff, on net/http's
// ServeMux with encoding/json and nothing else (no request IDs, logs,
// metrics, recovery, auth or in-flight table). GET /debug/mallocs tells the
// load tool its allocation count.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

// item mirrors an exampled item.
type item struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Count   int       `json:"count"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// store is a map behind a lock, like exampled's memory store.
type store struct {
	mu    sync.RWMutex
	items map[string]item
	next  int
}

func (s *store) get(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	it, ok := s.items[r.PathValue("id")]
	s.mu.RUnlock()
	if !ok {
		http.Error(w, `{"error":"not_found"}`, http.StatusNotFound)
		return
	}
	b, _ := json.Marshal(it)
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(b, '\n'))
}

func (s *store) create(w http.ResponseWriter, r *http.Request) {
	var in item
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&in); err != nil {
		http.Error(w, `{"error":"bad_request"}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.next++
	in.ID = strconv.Itoa(s.next)
	in.Created = time.Now().UTC()
	in.Updated = in.Created
	s.items[in.ID] = in
	s.mu.Unlock()
	b, _ := json.Marshal(in)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Location", "/1.0/stuff/"+in.ID)
	w.WriteHeader(http.StatusCreated)
	w.Write(append(b, '\n'))
}

// mallocs answers the number of heap allocations so far, as the load tool
// reads it around each run.
func mallocs(w http.ResponseWriter, _ *http.Request) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Fprintln(w, m.Mallocs)
}

// profile answers a CPU profile of the next ?seconds=N (default 10), to
// compare where bare and exampled spend their time under the same load.
func profile(w http.ResponseWriter, r *http.Request) {
	secs, err := strconv.Atoi(r.URL.Query().Get("seconds"))
	if err != nil || secs <= 0 {
		secs = 10
	}
	if err := pprof.StartCPUProfile(w); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	time.Sleep(time.Duration(secs) * time.Second)
	pprof.StopCPUProfile()
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	timeouts := flag.Bool("timeouts", false, "set exampled's read, write and idle timeouts too")
	flag.Parse()
	s := &store{items: map[string]item{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /1.0/stuff/{id}", s.get)
	mux.HandleFunc("POST /1.0/stuff", s.create)
	mux.HandleFunc("GET /debug/mallocs", mallocs) // for the load tool, not part of the measured work
	mux.HandleFunc("GET /debug/pprof/profile", profile)
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
	fmt.Printf("listening api http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if *timeouts { // what tonic's server sets by default (exampled's write timeout is longer)
		srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout = 30*time.Second, 90*time.Second, 120*time.Second
	}
	fmt.Fprintln(os.Stderr, "bare:", srv.Serve(ln))
	os.Exit(1)
}
