package admin

import (
	"embed"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// dashboardFiles are the page and its assets: the page's own HTML, CSS and
// JavaScript, and uPlot (see dashboard/README.md), nothing from elsewhere.
//
//go:embed dashboard/index.html dashboard/dashboard.css dashboard/dashboard.js dashboard/uPlot.iife.min.js dashboard/uPlot.min.css dashboard/favicon.svg
var dashboardFiles embed.FS

// dashboardCSP is the Content-Security-Policy of the page and its assets:
// scripts, styles and fetches from the admin listener only, no inline
// script or style, no frames, no forms.
const dashboardCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// dashboardTopRoutes is the number of slowest routes the data lists per
// server.
const dashboardTopRoutes = 10

// mountDashboard serves the dashboard on mux: the page at / and
// /debug/dashboard, its assets under /debug/dashboard/assets/, and its
// data at /debug/dashboard/data.
func (a *admin) mountDashboard(mux *tonic.TrieServeMux) {
	assets, err := fs.Sub(dashboardFiles, "dashboard")
	if err != nil {
		panic("admin: the embedded dashboard: " + err.Error()) // cannot happen: the directory is embedded
	}
	files := http.StripPrefix("/debug/dashboard/assets/", http.FileServerFS(assets))
	mux.HandleFunc("GET", "/", a.serveDashboardPage)
	mux.HandleFunc("GET", "/debug/dashboard", a.serveDashboardPage)
	mux.Handle("GET", "/debug/dashboard/assets/{file}", withDashboardHeaders(files))
	mux.HandleFunc("GET", "/debug/dashboard/data", a.serveDashboardData)
}

// withDashboardHeaders sets the security headers of the page and assets.
func withDashboardHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", dashboardCSP)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// serveDashboardPage answers GET / and GET /debug/dashboard with the page.
func (a *admin) serveDashboardPage(w http.ResponseWriter, r *http.Request) {
	page, err := dashboardFiles.ReadFile("dashboard/index.html")
	if err != nil {
		tonic.WriteError(w, r, http.StatusInternalServerError, err)
		return
	}
	withDashboardHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	})).ServeHTTP(w, r)
}

// dashboardData is the body of GET /debug/dashboard/data.
type dashboardData struct {
	Service   string            `json:"service"`
	Version   string            `json:"version"`
	PID       int               `json:"pid"`
	StartTime time.Time         `json:"start_time"`
	Now       time.Time         `json:"now"`
	Uptime    string            `json:"uptime"`
	Ready     bool              `json:"ready"`
	Draining  bool              `json:"draining"`
	Servers   []dashboardServer `json:"servers"`
}

// dashboardServer is one server's part of dashboardData.
type dashboardServer struct {
	Name     string            `json:"name"`
	Ready    bool              `json:"ready"`
	Draining bool              `json:"draining"`
	Stats    dashboardStats    `json:"stats"`
	Samples  []dashboardSample `json:"samples"`
	Routes   []dashboardRoute  `json:"routes"`
}

// dashboardStats is a server's counters since it was made (server.Stats).
type dashboardStats struct {
	Requests  uint64 `json:"requests"`
	Errors    uint64 `json:"errors"` // 5xx
	Abandoned uint64 `json:"abandoned"`
	Shed      uint64 `json:"shed"`
	InFlight  int    `json:"in_flight"`
}

// dashboardSample is a server.Sample in the units the page charts: times
// in Unix milliseconds, durations in milliseconds.
type dashboardSample struct {
	T            int64   `json:"t"`
	Requests     uint64  `json:"requests"`
	Errors       uint64  `json:"errors"` // 5xx
	ClientErrors uint64  `json:"client_errors"`
	Abandoned    uint64  `json:"abandoned"`
	Shed         uint64  `json:"shed"`
	P50          float64 `json:"p50_ms"`
	P99          float64 `json:"p99_ms"`
	InFlight     int     `json:"in_flight"`
	Oldest       float64 `json:"oldest_ms"`
	Connections  int     `json:"connections"`
	RSS          uint64  `json:"rss"`
	HeapInUse    uint64  `json:"heap_in_use"`
	HeapIdle     uint64  `json:"heap_idle"`
	HeapReleased uint64  `json:"heap_released"`
	GCPauseMax   float64 `json:"gc_pause_max_ms"`
	GCCycles     uint64  `json:"gc_cycles"`
	Goroutines   uint64  `json:"goroutines"`
}

// dashboardRoute is one row of the slowest routes.
type dashboardRoute struct {
	Route    string  `json:"route"`
	Requests uint64  `json:"requests"`
	Errors   uint64  `json:"errors"`
	Mean     float64 `json:"mean_ms"`
	Max      float64 `json:"max_ms"`
}

// serveDashboardData answers GET /debug/dashboard/data[?since=ms]: the
// header facts, and for each server its samples taken after since (Unix
// milliseconds; all of them without it) and its slowest routes.
func (a *admin) serveDashboardData(w http.ResponseWriter, r *http.Request) {
	var since time.Time
	if s := r.URL.Query().Get("since"); s != "" {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms < 0 {
			tonic.WriteError(w, r, http.StatusBadRequest,
				tonic.Errorf(http.StatusBadRequest, "since: want Unix milliseconds, got %q", s))
			return
		}
		since = time.UnixMilli(ms).Add(time.Millisecond - 1) // samples of later milliseconds only
	}
	now := a.now()
	out := dashboardData{Service: a.opts.Service, Version: a.opts.Version, PID: os.Getpid(),
		StartTime: a.opts.StartTime, Now: now, Uptime: now.Sub(a.opts.StartTime).Round(time.Second).String(),
		Ready: a.opts.Ready(), Servers: []dashboardServer{}}
	for _, s := range a.servers(r) {
		st := s.Stats()
		ds := dashboardServer{Name: s.Name(), Ready: s.Ready(), Draining: s.Draining(),
			Stats: dashboardStats{Requests: st.Requests, Errors: st.ByClass[5], Abandoned: st.Abandoned,
				Shed: st.Shed, InFlight: st.InFlight},
			Samples: samplesOf(s.Samples(since)), Routes: routesOf(s.Routes())}
		out.Draining = out.Draining || ds.Draining
		out.Servers = append(out.Servers, ds)
	}
	writeJSON(w, http.StatusOK, out)
}

// samplesOf converts samples for the page.
func samplesOf(samples []server.Sample) []dashboardSample {
	out := make([]dashboardSample, len(samples))
	for i, s := range samples {
		out[i] = dashboardSample{T: s.Time.UnixMilli(), Requests: s.Requests, Errors: s.ByClass[5],
			ClientErrors: s.ByClass[4], Abandoned: s.Abandoned, Shed: s.Shed, P50: millis(s.P50),
			P99: millis(s.P99), InFlight: s.InFlight, Oldest: millis(s.Oldest), Connections: s.Connections,
			RSS: s.Process.RSS, HeapInUse: s.Process.HeapInUse, HeapIdle: s.Process.HeapIdle,
			HeapReleased: s.Process.HeapReleased, GCPauseMax: millis(s.Process.GCPauseMax),
			GCCycles: s.Process.GCCycles, Goroutines: s.Process.Goroutines}
	}
	return out
}

// routesOf returns the slowest routes for the page.
func routesOf(routes []server.RouteStats) []dashboardRoute {
	out := make([]dashboardRoute, 0, min(len(routes), dashboardTopRoutes))
	for _, rs := range routes[:min(len(routes), dashboardTopRoutes)] {
		out = append(out, dashboardRoute{Route: rs.Route, Requests: rs.Requests, Errors: rs.Errors,
			Mean: millis(rs.Mean()), Max: millis(rs.Max)})
	}
	return out
}

// millis returns d in milliseconds.
func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
