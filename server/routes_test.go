package server

import (
	"fmt"
	"testing"
	"time"
)

// TestRouteTable checks the per-route counts, mean and max, the order
// (slowest mean first), and the names of requests without a route.
func TestRouteTable(t *testing.T) {
	var tab routeTable
	ms := time.Millisecond
	tab.observe("GET /fast", 200, 1*ms)
	tab.observe("GET /fast", 200, 3*ms)
	tab.observe("GET /slow", 500, 100*ms)
	tab.observe("GET /slow", 200, 300*ms)
	tab.observe("", 404, 1*ms)
	got := tab.snapshot()
	want := []RouteStats{
		{Route: "GET /slow", Requests: 2, Errors: 1, Total: 400 * ms, Max: 300 * ms},
		{Route: "GET /fast", Requests: 2, Total: 4 * ms, Max: 3 * ms},
		{Route: NoRoute, Requests: 1, Total: 1 * ms, Max: 1 * ms},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if m := got[0].Mean(); m != 200*ms {
		t.Errorf("mean of GET /slow: got %v, want 200ms", m)
	}
	if m := (RouteStats{}).Mean(); m != 0 {
		t.Errorf("mean of nothing: got %v, want 0", m)
	}
}

// TestRouteTableBound checks that routes past maxRoutes are counted
// together, so that a server that names routes by path cannot grow the
// table without bound.
func TestRouteTableBound(t *testing.T) {
	var tab routeTable
	for i := range maxRoutes + 10 {
		tab.observe(fmt.Sprintf("GET /r%d", i), 200, time.Millisecond)
	}
	tab.observe("GET /r0", 200, time.Millisecond) // a known route still counts as itself
	got := tab.snapshot()
	if len(got) != maxRoutes+1 {
		t.Fatalf("got %d rows, want %d routes and %q", len(got), maxRoutes, OtherRoutes)
	}
	for _, rs := range got {
		switch rs.Route {
		case OtherRoutes:
			if rs.Requests != 10 {
				t.Errorf("%s: got %d requests, want 10", OtherRoutes, rs.Requests)
			}
		case "GET /r0":
			if rs.Requests != 2 {
				t.Errorf("GET /r0: got %d requests, want 2", rs.Requests)
			}
		}
	}
}

// TestServerRoutes checks that the server summarizes its requests by the
// route the mux matched.
func TestServerRoutes(t *testing.T) {
	s, _ := newTestServer(t, statusHandler(), Options{})
	serveDirect(s, "/status/200")
	serveDirect(s, "/status/500")
	serveDirect(s, "/nowhere")
	byRoute := map[string]RouteStats{}
	for _, rs := range s.Routes() {
		byRoute[rs.Route] = rs
	}
	if rs := byRoute["GET /status/{code}"]; rs.Requests != 2 || rs.Errors != 1 {
		t.Errorf("GET /status/{code}: got %+v, want 2 requests, 1 error", rs)
	}
	if rs := byRoute[NoRoute]; rs.Requests != 1 {
		t.Errorf("%s: got %+v, want 1 request", NoRoute, rs)
	}
}
