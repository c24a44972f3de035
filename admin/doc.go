// Package admin is tonic's operations handler: what is deployed, whether it
// is ready, what it is doing and what it costs, served on a listener of its
// own so that none of it reaches the public API.
//
// New returns the handler; see it for the endpoints. Metrics come from a
// go-metrics registry, exported in the Prometheus text format with the
// Prometheus client library, so any Prometheus can scrape a fleet of tonic
// services. Profiles come from runtime/pprof, mounted explicitly: nothing is
// registered on http.DefaultServeMux.
//
// # Dashboard
//
// The listener's root (and /debug/dashboard) is a live dashboard for
// people: a page that polls /debug/dashboard/data, /debug/requests and
// /debug/connections every second and draws the last ten minutes of each
// server's samples (see server.Server.Samples): memory as the operating
// system and the runtime see it, GC pauses, goroutines, requests per
// second, 5xx and abandoned requests, p50 and p99 latency, in-flight
// requests and the oldest one's age, open connections, and shed requests
// once there are some; then the in-flight requests with a button that
// cancels one (DELETE /debug/requests/{id}), the slowest routes and the
// connections. Every asset is embedded (uPlot for the charts; see
// dashboard/README.md), the page weighs about 75 KB and runs under a
// Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval'. It uses
// absolute paths: serve the admin handler at the root of its listener.
package admin
