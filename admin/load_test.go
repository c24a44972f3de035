package admin

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	metrics "github.com/rcrowley/go-metrics"

	"github.com/seed78c03fa0/tonic/server"
)

// TestServerLoad fills an API server's one request slot, has the next
// request shed, and reads the load on /debug/requests and /metrics.
func TestServerLoad(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	api, base := serveAPI(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			entered <- struct{}{}
			<-release
		}
		io.WriteString(w, "ok")
	}), server.Options{Name: "api", MaxInFlight: 1, MaxConnections: 50})
	client := &http.Client{Timeout: waitLimit}
	defer client.CloseIdleConnections()
	slow := make(chan error, 1)
	go func() {
		resp, err := client.Get(base + "/slow?page=2&access_token=t0k")
		if err == nil {
			resp.Body.Close()
		}
		slow <- err
	}()
	<-entered
	resp, err := client.Get(base + "/fast")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a request over MaxInFlight: got %d, want 503", resp.StatusCode)
	}

	h, err := New(metrics.NewRegistry(), Options{Servers: []*server.Server{api}})
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "/debug/requests")
	loads := w.Header().Values(LoadHeader)
	if len(loads) != 1 || !strings.HasPrefix(loads[0], "api; in_flight=1; max_in_flight=1; connections=") ||
		!strings.HasSuffix(loads[0], "; max_connections=50; shed=1") {
		t.Errorf("%s: got %q, want the api server's load with 1 in flight and 1 shed", LoadHeader, loads)
	}
	var rows []request
	if err := json.Unmarshal(w.Body.Bytes(), &rows); err != nil || len(rows) != 1 || rows[0].URI != "/slow?page=2&access_token=[REDACTED]" {
		t.Errorf("rows: got %s, want the request rows as before", w.Body)
	}
	metricsText := get(h, "/metrics").Body.String()
	for _, want := range []string{
		`tonic_server_shed_total{server="api"} 1`,
		`tonic_server_in_flight{server="api"} 1`,
		`tonic_server_max_in_flight{server="api"} 1`,
		`tonic_server_max_connections{server="api"} 50`,
		`tonic_server_requests_abandoned_total{server="api"} 0`,
		`tonic_server_requests_total{class="5xx",server="api"} 0`,
	} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	close(release)
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	if got := get(h, "/metrics").Body.String(); !strings.Contains(got, `tonic_server_requests_total{class="2xx",server="api"} 1`) {
		t.Error(`/metrics: want tonic_server_requests_total{class="2xx",server="api"} 1 after the slow request`)
	}
}
