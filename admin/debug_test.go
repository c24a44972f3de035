package admin

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// waitLimit bounds every wait for an event; no test asserts a duration.
const waitLimit = 20 * time.Second

// apiServer starts a tonic.Server on 127.0.0.1 whose /slow/{n} route waits
// for release or its context, and returns it with its base URL.
func apiServer(t *testing.T, entered chan<- struct{}, release <-chan struct{}, causes chan<- error) (*server.Server, string) {
	t.Helper()
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/slow/{n}", func(w http.ResponseWriter, r *http.Request) {
		tonic.SetRequestStatus(r.Context(), "querying store")
		entered <- struct{}{}
		select {
		case <-release:
			io.WriteString(w, "done")
		case <-r.Context().Done():
			causes <- context.Cause(r.Context())
			tonic.WriteError(w, r, 0, context.Cause(r.Context()))
		}
	})
	return serveAPI(t, mux, server.Options{Name: "api"})
}

// serveAPI serves h with a server of opts on a loopback port until the test
// ends, when it shuts the server down, and returns it with its base URL.
func serveAPI(t *testing.T, h http.Handler, opts server.Options) (*server.Server, string) {
	t.Helper()
	s, err := server.New(h, zerolog.Nop(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-done; !errors.Is(err, server.ErrServerClosed) {
			t.Errorf("Serve: got %v, want ErrServerClosed", err)
		}
	})
	return s, "http://" + ln.Addr().String()
}

func TestDebugRequestsAndConnections(t *testing.T) {
	entered, release, causes := make(chan struct{}, 2), make(chan struct{}), make(chan error, 2)
	api, base := apiServer(t, entered, release, causes)
	h, err := New(metrics.NewRegistry(), Options{Servers: []*server.Server{api}})
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: waitLimit}
	defer client.CloseIdleConnections()
	type result struct {
		code int
		body string
	}
	res := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("GET", base+"/slow/7", nil)
		req.Header.Set("X-Request-ID", "slow-1")
		resp, err := client.Do(req)
		if err != nil {
			res <- result{body: err.Error()}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		res <- result{resp.StatusCode, string(b)}
	}()
	select {
	case <-entered:
	case <-time.After(waitLimit):
		t.Fatal("the request never reached its handler")
	}

	var reqs []request
	if err := json.Unmarshal(get(h, "/debug/requests").Body.Bytes(), &reqs); err != nil || len(reqs) != 1 {
		t.Fatalf("GET /debug/requests: got %v (%v), want one request", reqs, err)
	}
	q := reqs[0]
	if q.Server != "api" || q.ID != "slow-1" || q.Method != "GET" || q.URI != "/slow/7" || q.Route != "GET /slow/{n}" ||
		q.Status != "querying store" || len(q.History) != 1 || !strings.HasPrefix(q.RemoteAddr, "127.0.0.1:") {
		t.Errorf("GET /debug/requests: got %+v", q)
	}
	var conns []connection
	if err := json.Unmarshal(get(h, "/debug/connections").Body.Bytes(), &conns); err != nil || len(conns) != 1 ||
		conns[0].State != "active" || conns[0].Server != "api" {
		t.Errorf("GET /debug/connections: got %+v (%v), want one active connection", conns, err)
	}
	if w := get(h, "/readyz"); w.Code != 200 {
		t.Errorf("GET /readyz while the API serves: got %d", w.Code)
	}

	if w := del(h, "/debug/requests/no-such"); w.Code != 404 {
		t.Errorf("DELETE an unknown request: got %d %q, want 404", w.Code, w.Body)
	}
	if w := del(h, "/debug/requests/slow-1"); w.Code != 200 {
		t.Errorf("DELETE /debug/requests/slow-1: got %d %q, want 200", w.Code, w.Body)
	}
	if cause := <-causes; !errors.Is(cause, server.ErrRequestCanceled) {
		t.Errorf("the handler saw %v, want server.ErrRequestCanceled", cause)
	}
	if r := <-res; r.code != 503 || !strings.Contains(r.body, `"error":"request_canceled"`) {
		t.Errorf("the canceled client got %d %q, want 503 request_canceled", r.code, r.body)
	}
}

// del serves one DELETE through h.
func del(h http.Handler, target string) *httptestRecorder {
	return serveMethod(h, "DELETE", target)
}
