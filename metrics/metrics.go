// Package metrics exposes Kopernik's figures in the Prometheus text format
// through the official client library: requests by route, the group commit,
// the writer's queue, the engine (SQLite's write-ahead log, the connection
// pools), the token cache, and Go's runtime and process figures.
//
// Nothing on a request's path formats or allocates label values from the
// request itself: httpapi hands over labels taken from its route table, so
// the number of series is fixed by the table, whatever clients send.
//
// A family with figures of its own (webhook deliveries, imports, …)
// registers its collectors with Registry.Registerer when it is set up; see
// docs/operations.md for the list the operator reads.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kopernik/kopernik/httpapi"
	"github.com/kopernik/kopernik/sqlstore"
)

// Namespace prefixes every metric of Kopernik's own.
const Namespace = "kopernik"

// Registry holds every metric of one server.
type Registry struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec

	batchJobs    *prometheus.HistogramVec
	batchSeconds *prometheus.HistogramVec
	commitSecs   prometheus.Histogram
}

// latencyBuckets span a cached read (well under a millisecond) to a large
// filtered list or a bulk update (seconds).
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New makes a registry with the Go runtime and process collectors and the
// request and writer metrics; WatchStore and WatchAPI add the rest.
func New(version string) *Registry {
	r := &Registry{reg: prometheus.NewRegistry()}
	r.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "http_requests_total",
		Help: "Requests answered, by route pattern of the route table, method, API version and status.",
	}, []string{"route", "method", "version", "status"})
	r.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Name: "http_request_duration_seconds",
		Help:    "Time from the request's arrival to its answer, by route pattern and method.",
		Buckets: latencyBuckets,
	}, []string{"route", "method"})
	r.batchJobs = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Name: "writer_batch_jobs",
		Help:    "Write jobs (one per writing request) committed together in one transaction; structure changes commit alone.",
		Buckets: prometheus.ExponentialBuckets(1, 2, 10), // 1 … 512, the writer's largest batch
	}, []string{"kind"})
	r.batchSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Name: "writer_batch_duration_seconds",
		Help:    "Time of one group commit from BEGIN to the end of COMMIT.",
		Buckets: latencyBuckets,
	}, []string{"kind"})
	r.commitSecs = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: Namespace, Name: "writer_commit_duration_seconds",
		Help:    "Time of the COMMIT statement alone: the durable write (an fsync on SQLite).",
		Buckets: latencyBuckets,
	})
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "build_info", Help: "Always 1; the version label names the running build.",
		ConstLabels: prometheus.Labels{"version": version},
	})
	build.Set(1)
	r.reg.MustRegister(r.requests, r.latency, r.batchJobs, r.batchSeconds, r.commitSecs, build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Registerer is where a family registers its own collectors. On a nil
// Registry (metrics switched off) it is a registry nobody reads, so a
// family never needs to ask whether metrics are on.
func (r *Registry) Registerer() prometheus.Registerer {
	if r == nil {
		return prometheus.NewRegistry()
	}
	return r.reg
}

// Gatherer reads the registry, for tests.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// Handler serves the registry in the Prometheus text format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{
		// A collector failing (a pool closed during shutdown) must not cost
		// the operator every other figure.
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: 4,
	})
}

var _ httpapi.RequestObserver = (*Registry)(nil)

// Request counts one answered request (httpapi.RequestObserver).
func (r *Registry) Request(route, method, version string, status int, elapsed time.Duration) {
	r.requests.WithLabelValues(route, method, version, statusLabel(status)).Inc()
	r.latency.WithLabelValues(route, method).Observe(elapsed.Seconds())
}

// statusLabel avoids formatting the common statuses on every request.
func statusLabel(code int) string {
	switch code {
	case 200:
		return "200"
	case 201:
		return "201"
	case 204:
		return "204"
	case 303:
		return "303"
	case 400:
		return "400"
	case 404:
		return "404"
	case 500:
		return "500"
	}
	return strconv.Itoa(code)
}

var _ sqlstore.WriterStats = (*Registry)(nil)

// Batch records one group commit (sqlstore.WriterStats).
func (r *Registry) Batch(jobs int, structure bool, total, commit time.Duration) {
	kind := "data"
	if structure {
		kind = "structure"
	}
	r.batchJobs.WithLabelValues(kind).Observe(float64(jobs))
	r.batchSeconds.WithLabelValues(kind).Observe(total.Seconds())
	r.commitSecs.Observe(commit.Seconds())
}

// WatchStore adds the store's figures: the writer's queue, the engine's own
// (Store.Stats) and the connection pools.
func (r *Registry) WatchStore(st *sqlstore.Store) {
	r.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "writer_queue_depth",
		Help: "Write jobs waiting for the writer (the group commit in progress not counted).",
	}, func() float64 { return float64(st.QueueDepth()) }))
	for _, s := range st.Stats() {
		if s.Counter {
			r.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: s.Name, Help: s.Help}, s.Value))
		} else {
			r.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: s.Name, Help: s.Help}, s.Value))
		}
	}
	read, write := st.Pools()
	r.reg.MustRegister(collectors.NewDBStatsCollector(read, "read"))
	if write != read {
		r.reg.MustRegister(collectors.NewDBStatsCollector(write, "write"))
	}
}

// WatchAPI adds the figures of the API server: its token cache.
func (r *Registry) WatchAPI(api *httpapi.Server) {
	for _, res := range []string{"hit", "miss"} {
		r.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: Namespace, Name: "token_cache_lookups_total",
			Help:        "Token checks answered from the 2-second cache (hit) or by the store (miss).",
			ConstLabels: prometheus.Labels{"result": res},
		}, func() float64 {
			hits, misses := api.TokenCacheStats()
			if res == "hit" {
				return float64(hits)
			}
			return float64(misses)
		}))
	}
}
