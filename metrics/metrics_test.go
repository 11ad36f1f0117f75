package metrics

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/kopernik/kopernik/httpapi"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// wired is a registry wired to a real API server over a real SQLite store,
// the way serve wires them.
type wired struct {
	t   *testing.T
	reg *Registry
	api *httpapi.Server
	st  *sqlstore.Store
	tok string
}

func wire(t *testing.T) *wired {
	t.Helper()
	ctx := context.Background()
	reg := New("test")
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: t.TempDir(), Migrate: true, Options: sqlstore.Options{WriterStats: reg}})
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := st.CreateToken(ctx, "m", false)
	if err != nil {
		t.Fatal(err)
	}
	api := httpapi.New(st, httpapi.Config{Observer: reg, Metrics: reg.Handler(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	reg.WatchStore(st)
	reg.WatchAPI(api)
	t.Cleanup(func() {
		api.Close(ctx)
		st.Close()
	})
	return &wired{t: t, reg: reg, api: api, st: st, tok: tok}
}

func (w *wired) do(method, path, body string) *httptest.ResponseRecorder {
	w.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	req := httptest.NewRequest(method, path+sep+"access_token="+w.tok, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	w.api.ServeHTTP(rec, req)
	return rec
}

// families gathers the registry by metric name.
func (w *wired) families() map[string]*dto.MetricFamily {
	w.t.Helper()
	fams, err := w.reg.Gatherer().Gather()
	if err != nil {
		w.t.Fatal(err)
	}
	out := map[string]*dto.MetricFamily{}
	for _, f := range fams {
		out[f.GetName()] = f
	}
	return out
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// counter sums the counter samples of name whose labels include want.
func (w *wired) counter(name string, want map[string]string) float64 {
	w.t.Helper()
	f := w.families()[name]
	sum := 0.0
	for _, m := range f.GetMetric() {
		ok := true
		for k, v := range want {
			ok = ok && label(m, k) == v
		}
		if ok {
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}

// TestM14_2_RouteLabelsStayBounded: requests for thousands of distinct
// IDs, unknown words, unknown sub-paths, odd methods and bad tokens add no
// series once each kind has been seen: labels come from the route table.
func TestM14_2_RouteLabelsStayBounded(t *testing.T) {
	w := wire(t)
	rec := w.do("POST", "/v2/databases", `{"name":"shop"}`)
	if rec.Code != 201 {
		t.Fatalf("create database: %d %s", rec.Code, rec.Body)
	}
	db := rec.Header().Get("X-Created")
	var pids []string
	for i := 0; i < 20; i++ {
		rec := w.do("POST", "/v3/database/"+db+"/profiles", `{"fields":{}}`)
		pids = append(pids, rec.Header().Get("X-Created"))
	}
	round := func(from, to int) {
		for i := from; i < to; i++ {
			n := fmt.Sprint(i)
			w.do("GET", "/v2/profile/"+pids[i%len(pids)], "")
			w.do("GET", "/v3/profile/"+n+"000", "")            // unknown ID
			w.do("GET", "/v4/word"+n, "")                      // unknown word
			w.do("GET", "/v2/profile/"+pids[0]+"/bogus"+n, "") // unknown sub-path
			w.do("PUT", "/v1/profile/"+pids[i%len(pids)]+"/fields/extra/"+n, `{}`)
			w.do("METHOD"+n, "/v2/databases", "")
			w.do("GET", "/"+n+"/databases", "")
			req := httptest.NewRequest("GET", "/v2/database/"+db+"?access_token=wrong"+n, nil)
			w.api.ServeHTTP(httptest.NewRecorder(), req)
		}
	}
	series := func() (int, []string) {
		f := w.families()["kopernik_http_requests_total"]
		var routes []string
		for _, m := range f.GetMetric() {
			routes = append(routes, label(m, "route"))
		}
		h := w.families()["kopernik_http_request_duration_seconds"]
		return len(f.GetMetric()) + len(h.GetMetric()), routes
	}
	round(0, 50)
	before, routes := series()
	round(50, 2000)
	after, _ := series()
	if after != before {
		t.Fatalf("series grew from %d to %d with new IDs and paths", before, after)
	}
	known := w.api.RouteLabels()
	for _, r := range routes {
		if !slices.Contains(known, r) {
			t.Errorf("route label %q is not one of the route table's", r)
		}
	}
	for _, want := range []string{"profile/{p}", "profile/{p}/fields", "databases", "(unmatched)", "(unauthenticated)"} {
		if !slices.Contains(routes, want) {
			t.Errorf("no series for route %q (have %v)", want, routes)
		}
	}
	if got := w.counter("kopernik_http_requests_total", map[string]string{"route": "profile/{p}", "version": "v2", "method": "GET", "status": "200"}); got != 2000 {
		t.Errorf("GET v2 profile/{p} 200 counted %v, want 2000", got)
	}
	if got := w.counter("kopernik_http_requests_total", map[string]string{"method": "OTHER"}); got != 2000 {
		t.Errorf("odd methods counted %v under OTHER, want 2000", got)
	}
	if got := w.counter("kopernik_http_requests_total", map[string]string{"version": "unversioned"}); got != 2000 {
		t.Errorf("unversioned requests counted %v, want 2000", got)
	}
}

// TestM14_2_EveryFigureIsExported: the group commit, the writer's queue,
// the write-ahead log, the pools, the token cache and Go's own figures are
// all there, and move with the work.
func TestM14_2_EveryFigureIsExported(t *testing.T) {
	w := wire(t)
	db := w.do("POST", "/v2/databases", `{"name":"shop"}`).Header().Get("X-Created")
	for i := 0; i < 30; i++ {
		if rec := w.do("POST", "/v2/database/"+db+"/profiles", `{}`); rec.Code != 201 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	f := w.families()
	for _, name := range []string{
		"kopernik_build_info", "kopernik_writer_queue_depth",
		"kopernik_sqlite_wal_bytes", "kopernik_sqlite_db_bytes", "kopernik_sqlite_checkpoints_total", "kopernik_sqlite_writer_checkpoints_total",
		"go_sql_open_connections", "go_sql_wait_count_total",
		"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes", "process_open_fds",
	} {
		if f[name] == nil {
			t.Errorf("metric %s is missing", name)
		}
	}
	data := func(name string) *dto.Histogram {
		for _, m := range f[name].GetMetric() {
			if label(m, "kind") == "data" {
				return m.GetHistogram()
			}
		}
		t.Fatalf("%s has no kind=data series", name)
		return nil
	}
	// Every profile creation is one job; batches may hold several.
	if jobs := data("kopernik_writer_batch_jobs"); jobs.GetSampleSum() < 30 || jobs.GetSampleCount() == 0 || jobs.GetSampleCount() > uint64(jobs.GetSampleSum()) {
		t.Errorf("batch jobs: %d batches holding %v jobs, want 30 or more jobs", jobs.GetSampleCount(), jobs.GetSampleSum())
	}
	if d := data("kopernik_writer_batch_duration_seconds"); d.GetSampleCount() == 0 || d.GetSampleSum() <= 0 {
		t.Errorf("batch durations: %d samples summing %v", d.GetSampleCount(), d.GetSampleSum())
	}
	if c := f["kopernik_writer_commit_duration_seconds"].GetMetric()[0].GetHistogram(); c.GetSampleCount() == 0 {
		t.Error("no commit durations")
	}
	if wal := f["kopernik_sqlite_wal_bytes"].GetMetric()[0].GetGauge().GetValue(); wal <= 0 {
		t.Errorf("WAL size %v after writes", wal)
	}
	hits := w.counter("kopernik_token_cache_lookups_total", map[string]string{"result": "hit"})
	misses := w.counter("kopernik_token_cache_lookups_total", map[string]string{"result": "miss"})
	if misses < 1 || hits < 29 {
		t.Errorf("token cache: %v hits, %v misses over 31 requests with one token", hits, misses)
	}

	// The text format, served without a token at /metrics.
	rec := httptest.NewRecorder()
	w.api.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") ||
		!strings.Contains(rec.Body.String(), `kopernik_http_requests_total{method="POST",route="database/{db}/profiles",status="201",version="v2"} 30`) {
		t.Errorf("GET /metrics: %d %q\n%.2000s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
}

// TestM14_2_FamiliesRegisterTheirOwn: a family registers its collectors
// with the registry and they are served; with metrics off it gets a
// registry nobody reads, so it needs no check of its own.
func TestM14_2_FamiliesRegisterTheirOwn(t *testing.T) {
	w := wire(t)
	c := newTestCounter("kopernik_webhook_deliveries_total")
	w.reg.Registerer().MustRegister(c)
	c.Inc()
	rec := httptest.NewRecorder()
	w.api.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), "kopernik_webhook_deliveries_total 1") {
		t.Error("a family's counter is not served")
	}
	var off *Registry
	off.Registerer().MustRegister(newTestCounter("kopernik_webhook_deliveries_total"))
}

// TestM14_2_MetricsOffLeavesTheRouteToTheAPI: without Config.Metrics,
// /metrics is an ordinary path of the API: it needs a token and is no route.
func TestM14_2_MetricsOffLeavesTheRouteToTheAPI(t *testing.T) {
	st, err := sqlite.Open(context.Background(), sqlite.Config{Dir: t.TempDir(), Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	api := httpapi.New(st, httpapi.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Invalid access token") {
		t.Errorf("GET /metrics with metrics off: %d %s", rec.Code, rec.Body)
	}
}

func newTestCounter(name string) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: "a family's counter"})
}
