// Package admin is tonic's operations handler: what is deployed, whether it
// is ready, what it is doing and what it costs, served on a listener of its
// own so that none of it reaches the public API.
//
// New returns the handler; see it for the endpoints. Metrics come from a
// go-metrics registry, exported in the Prometheus text format with the
// Prometheus client library, so any Prometheus can scrape a fleet of tonic
// services. Profiles come from runtime/pprof, mounted explicitly: nothing is
// registered on http.DefaultServeMux.
package admin
