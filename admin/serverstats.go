package admin

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/seed78c03fa0/tonic/server"
)

// serverCollector is a prometheus.Collector that reads the Stats of
// servers at each scrape, labelled by server name:
//
//	<ns>_server_requests_total{server,class}        counter  served, by status class (1xx to 5xx, or "hijacked")
//	<ns>_server_requests_abandoned_total{server}     counter  abandoned by their clients (logged as 499)
//	<ns>_server_shed_total{server}                  counter  requests and connections refused with 503 because the server was full
//	<ns>_server_in_flight{server}                   gauge    requests being served
//	<ns>_server_connections{server}                 gauge    open connections
//	<ns>_server_max_in_flight{server}               gauge    Options.MaxInFlight (0: no limit)
//	<ns>_server_max_connections{server}             gauge    Options.MaxConnections (0: no limit)
type serverCollector struct {
	servers                                []*server.Server
	requests, abandoned, shed              *prometheus.Desc
	inFlight, conns, maxInFlight, maxConns *prometheus.Desc
}

// newServerCollector returns a collector for servers whose families start
// with namespace.
func newServerCollector(servers []*server.Server, namespace string) *serverCollector {
	desc := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "server", name), help,
			append([]string{"server"}, labels...), nil)
	}
	return &serverCollector{
		servers:     servers,
		requests:    desc("requests_total", "Requests served, by status class (hijacked: no status).", "class"),
		abandoned:   desc("requests_abandoned_total", "Requests whose client went away before the response (logged as 499)."),
		shed:        desc("shed_total", "Requests and connections refused at once with 503 because the server was full."),
		inFlight:    desc("in_flight", "Requests being served."),
		conns:       desc("connections", "Open connections, hijacked ones included."),
		maxInFlight: desc("max_in_flight", "The limit on requests in flight, 0 for none."),
		maxConns:    desc("max_connections", "The limit on open connections, 0 for none."),
	}
}

// Describe implements prometheus.Collector.
func (c *serverCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.requests, c.abandoned, c.shed, c.inFlight, c.conns, c.maxInFlight, c.maxConns} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *serverCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.servers {
		st, opts, name := s.Stats(), s.Options(), s.Name()
		for class, n := range st.ByClass {
			label := "hijacked"
			if class > 0 {
				label = strconv.Itoa(class) + "xx"
			}
			ch <- prometheus.MustNewConstMetric(c.requests, prometheus.CounterValue, float64(n), name, label)
		}
		ch <- prometheus.MustNewConstMetric(c.abandoned, prometheus.CounterValue, float64(st.Abandoned), name)
		ch <- prometheus.MustNewConstMetric(c.shed, prometheus.CounterValue, float64(st.Shed), name)
		ch <- prometheus.MustNewConstMetric(c.inFlight, prometheus.GaugeValue, float64(st.InFlight), name)
		ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(st.Connections), name)
		ch <- prometheus.MustNewConstMetric(c.maxInFlight, prometheus.GaugeValue, float64(opts.MaxInFlight), name)
		ch <- prometheus.MustNewConstMetric(c.maxConns, prometheus.GaugeValue, float64(opts.MaxConnections), name)
	}
}
