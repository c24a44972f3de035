package server

import (
	"net/http"
	"testing"
)

// TestStats counts served requests by status class, and a hijacked
// connection apart.
func TestStats(t *testing.T) {
	leakCheck(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /missing", http.NotFound)
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	mux.HandleFunc("GET /hijack", func(w http.ResponseWriter, r *http.Request) {
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer c.Close()
		brw.WriteString("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
		brw.Flush()
	})
	s, _, addr := startServer(t, mux, Options{})
	c := newClient(t, nil)
	for _, path := range []string{"/ok", "/ok", "/missing", "/broken", "/hijack"} {
		if _, _, err := get(t, c, "http://"+addr+path, ""); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	waitFor(t, "the requests to be counted", func() bool { return s.Stats().Requests == 5 })
	got := s.Stats()
	want := Stats{Requests: 5, ByClass: [6]uint64{0: 1, 2: 2, 4: 1, 5: 1}}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	s.stats.shedOne()
	if got := s.Stats().Shed; got != 1 {
		t.Errorf("after a shed request: got Shed %d, want 1", got)
	}
}
