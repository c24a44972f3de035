package middleware

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/xid"
	"github.com/rs/zerolog"
	"github.com/seed78c03fa0/tonic/middleware"
)

// discardWriter is a ResponseWriter that keeps nothing, shared by the three
// stacks so that none pays for a recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(int)             {}

// noop is the handler inside every stack.
var noop = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

// tonicStack is the realistic stack.
func tonicStack(reg metrics.Registry) http.Handler {
	logger := zerolog.New(io.Discard).With().Timestamp().Logger()
	return middleware.Chain(
		middleware.RequestID(),
		middleware.Logged(logger, middleware.LogOptions{}),
		middleware.Counted(reg, "requests"),
		middleware.Timed(reg, "latency"),
		middleware.Recovered(logger),
	)(noop)
}

// chiMetrics is the metrics step chi lacks: the same go-metrics counter and
// timer as tonic's Counted and Timed, as a chi-style middleware.
func chiMetrics(reg metrics.Registry) func(http.Handler) http.Handler {
	c := metrics.GetOrRegisterCounter("requests", reg)
	t := metrics.GetOrRegisterTimer("latency", reg)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			defer func() { c.Inc(1); t.UpdateSince(start) }()
			next.ServeHTTP(w, r)
		})
	}
}

// chiStack is chi's equivalent: RequestID, RequestLogger with the default
// formatter to io.Discard, the metrics step and Recoverer.
func chiStack(reg metrics.Registry) http.Handler {
	logf := &chimw.DefaultLogFormatter{Logger: log.New(io.Discard, "", log.LstdFlags), NoColor: true}
	return chi.Chain(
		chimw.RequestID,
		chimw.RequestLogger(logf),
		chiMetrics(reg),
		chimw.Recoverer,
	).Handler(noop)
}

// ginStack is gin's equivalent: a request-ID middleware (gin has none
// built in; this is what gin-contrib/requestid does, with xid), the Logger
// to io.Discard, the metrics step and Recovery. gin runs middleware only
// inside its engine, so its number includes one static route lookup.
func ginStack(reg metrics.Registry) http.Handler {
	gin.SetMode(gin.ReleaseMode) // gin's only switch for its debug route printing
	c := metrics.GetOrRegisterCounter("requests", reg)
	t := metrics.GetOrRegisterTimer("latency", reg)
	e := gin.New()
	e.Use(
		func(ctx *gin.Context) {
			id := ctx.GetHeader("X-Request-ID")
			if id == "" {
				id = xid.New().String()
			}
			ctx.Header("X-Request-ID", id)
			ctx.Set("request_id", id)
			ctx.Next()
		},
		gin.LoggerWithWriter(io.Discard),
		func(ctx *gin.Context) {
			start := time.Now()
			defer func() { c.Inc(1); t.UpdateSince(start) }()
			ctx.Next()
		},
		gin.Recovery(),
	)
	e.GET("/users/42", func(*gin.Context) {})
	return e
}

// BenchmarkStack runs the three stacks in one invocation, as
// stack=tonic|chi|gin, so benchstat can compare them as ratios. Besides
// ns/op it reports cpu-ns/op, the process CPU time per request (garbage
// collection included), which a loaded machine inflates far less than wall
// time.
func BenchmarkStack(b *testing.B) {
	for _, s := range []struct {
		name string
		make func(metrics.Registry) http.Handler
	}{{"tonic", tonicStack}, {"chi", chiStack}, {"gin", ginStack}} {
		h := s.make(metrics.NewRegistry())
		r := httptest.NewRequest("GET", "/users/42", nil)
		w := &discardWriter{h: http.Header{}}
		b.Run("stack="+s.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0, ok := processCPU()
			for i := 0; i < b.N; i++ {
				h.ServeHTTP(w, r)
			}
			if cpu1, ok1 := processCPU(); ok && ok1 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// TestStacksServe checks that every stack really serves the request and
// sets a request ID, so the benchmark compares working stacks.
func TestStacksServe(t *testing.T) {
	for _, s := range []struct {
		name string
		make func(metrics.Registry) http.Handler
	}{{"tonic", tonicStack}, {"chi", chiStack}, {"gin", ginStack}} {
		t.Run(s.name, func(t *testing.T) {
			reg := metrics.NewRegistry()
			rec := httptest.NewRecorder()
			s.make(reg).ServeHTTP(rec, httptest.NewRequest("GET", "/users/42", nil))
			if rec.Code != http.StatusOK {
				t.Errorf("got %d, want 200", rec.Code)
			}
			if s.name != "chi" && rec.Header().Get("X-Request-ID") == "" { // chi keeps its ID in the context only
				t.Errorf("got no X-Request-ID, want one")
			}
			if n := reg.Get("requests").(metrics.Counter).Count(); n != 1 {
				t.Errorf("counter got %d, want 1", n)
			}
		})
	}
}
