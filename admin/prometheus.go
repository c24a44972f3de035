package admin

import (
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	metrics "github.com/rcrowley/go-metrics"
)

// quantiles are the quantiles exported for timers and histograms.
var quantiles = []float64{0.5, 0.75, 0.95, 0.99, 0.999}

// goMetricsCollector is a prometheus.Collector that reads a go-metrics
// registry at each scrape. Each kind of go-metrics metric becomes one
// Prometheus family, with the go-metrics name in the "name" label, so that
// route-named metrics ("GET /users/{id}") stay readable and any name is
// valid:
//
//	<ns>_counter{name}           counter  (Counter: its count)
//	<ns>_gauge{name}             gauge    (Gauge, GaugeFloat64)
//	<ns>_meter_total{name}       counter  (Meter: events marked)
//	<ns>_timer_seconds{name}     summary  (Timer: count, sum and quantiles, in seconds)
//	<ns>_histogram{name}         summary  (Histogram: count, sum and quantiles)
type goMetricsCollector struct {
	reg                                     metrics.Registry
	counter, gauge, meter, timer, histogram *prometheus.Desc
}

// newGoMetricsCollector returns a collector for reg whose families start
// with namespace.
func newGoMetricsCollector(reg metrics.Registry, namespace string) *goMetricsCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "", name), help, []string{"name"}, nil)
	}
	return &goMetricsCollector{
		reg:       reg,
		counter:   desc("counter", "go-metrics counters, by name."),
		gauge:     desc("gauge", "go-metrics gauges, by name."),
		meter:     desc("meter_total", "Events marked on go-metrics meters, by name."),
		timer:     desc("timer_seconds", "go-metrics timers, by name, in seconds."),
		histogram: desc("histogram", "go-metrics histograms, by name."),
	}
}

// Describe implements prometheus.Collector.
func (c *goMetricsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.counter, c.gauge, c.meter, c.timer, c.histogram} {
		ch <- d
	}
}

// Collect implements prometheus.Collector, in name order.
func (c *goMetricsCollector) Collect(ch chan<- prometheus.Metric) {
	all := map[string]interface{}{}
	c.reg.Each(func(name string, m interface{}) { all[name] = m })
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		// Label values must be UTF-8, and the Must constructors below would
		// panic on one that is not, on a goroutine where that ends the process.
		if m := c.metric(strings.ToValidUTF8(name, "\uFFFD"), all[name]); m != nil {
			ch <- m
		}
	}
}

// metric converts one go-metrics metric, or returns nil for kinds that have
// no Prometheus form (health checks, EWMAs).
func (c *goMetricsCollector) metric(name string, m interface{}) prometheus.Metric {
	switch m := m.(type) {
	case metrics.Counter:
		return prometheus.MustNewConstMetric(c.counter, prometheus.CounterValue, float64(m.Count()), name)
	case metrics.Gauge:
		return prometheus.MustNewConstMetric(c.gauge, prometheus.GaugeValue, float64(m.Value()), name)
	case metrics.GaugeFloat64:
		return prometheus.MustNewConstMetric(c.gauge, prometheus.GaugeValue, m.Value(), name)
	case metrics.Meter:
		return prometheus.MustNewConstMetric(c.meter, prometheus.CounterValue, float64(m.Snapshot().Count()), name)
	case metrics.Timer:
		s := m.Snapshot()
		return summary(c.timer, name, s.Count(), float64(s.Sum())/float64(time.Second), s.Percentiles(quantiles), 1/float64(time.Second))
	case metrics.Histogram:
		s := m.Snapshot()
		return summary(c.histogram, name, s.Count(), float64(s.Sum()), s.Percentiles(quantiles), 1)
	}
	return nil
}

// summary builds a constant summary, scaling the quantile values.
func summary(d *prometheus.Desc, name string, count int64, sum float64, values []float64, scale float64) prometheus.Metric {
	qs := make(map[float64]float64, len(quantiles))
	for i, q := range quantiles {
		qs[q] = values[i] * scale
	}
	return prometheus.MustNewConstSummary(d, uint64(count), sum, qs, name)
}
