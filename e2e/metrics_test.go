package e2e

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// scrape fetches a /metrics URL without a token.
func scrape(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := (&http.Client{Timeout: 20 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// metricsAddr reads the address of --metrics-listen from the server's log.
func metricsAddr(t *testing.T, s *server) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(s.log.String()))
	for sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "metrics listening" {
			return line.Addr
		}
	}
	t.Fatalf("no metrics listening line in:\n%s", s.log)
	return ""
}

// TestM14_2_MetricsOnTheAPIPortWithoutToken: by default the API port serves
// /metrics without a token, counting requests by the route table's
// patterns, never by raw paths.
func TestM14_2_MetricsOnTheAPIPortWithoutToken(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := created(t, s.do("POST", "/v2/databases", map[string]any{"name": "m"}))
	p := created(t, s.do("POST", "/v2/database/"+db+"/profiles", map[string]any{}))
	for i := 0; i < 3; i++ {
		s.do("GET", "/v2/profile/"+p, nil)
	}
	code, body := scrape(t, s.Base+"/metrics")
	if code != 200 {
		t.Fatalf("GET /metrics: %d %s", code, body)
	}
	for _, want := range []string{
		`kopernik_http_requests_total{method="GET",route="profile/{p}",status="200",version="v2"} 3`,
		`kopernik_http_requests_total{method="POST",route="database/{db}/profiles",status="201",version="v2"} 1`,
		`kopernik_writer_batch_jobs_count{kind="data"}`,
		"kopernik_writer_queue_depth ",
		"kopernik_token_cache_lookups_total",
		"go_goroutines ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	engineMetric := "kopernik_sqlite_wal_bytes "
	if engine == "postgres" {
		engineMetric = `go_sql_open_connections{db_name="read"}`
	}
	if !strings.Contains(body, engineMetric) {
		t.Errorf("/metrics lacks the engine's %s", engineMetric)
	}
	if strings.Contains(body, "/profile/"+p) {
		t.Error("a raw path reached a label")
	}
}

// TestM14_2_MetricsListenMovesThem: with --metrics-listen the metrics are
// served there and the API port answers /metrics like any unknown path;
// --metrics=false serves them nowhere.
func TestM14_2_MetricsListenMovesThem(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	s := startServer(t, "--metrics-listen", "127.0.0.1:0")
	addr := metricsAddr(t, s)
	s.do("GET", "/v2/databases", nil)
	if code, body := scrape(t, "http://"+addr+"/metrics"); code != 200 || !strings.Contains(body, `route="databases"`) {
		t.Fatalf("GET %s/metrics: %d %.300s", addr, code, body)
	}
	expectError(t, s.raw("GET", "/metrics", ""), "Invalid access token")
	expectError(t, s.do("GET", "/metrics", nil), "Invalid method")

	off := startServer(t, "--metrics=false")
	expectError(t, off.raw("GET", "/metrics", ""), "Invalid access token")
	if strings.Contains(off.log.String(), "metrics listening") {
		t.Error("--metrics=false still listens for metrics")
	}
}

// TestOA14_3_CommandPrintsWhatTheServerServes: `kopernik openapi` prints
// the document GET /openapi.json serves (without a token), and both are
// the description generated from the route table.
func TestOA14_3_CommandPrintsWhatTheServerServes(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	s := startServer(t)
	r := s.raw("GET", "/openapi.json", "")
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /openapi.json: %s", r)
	}
	printed := kopernik(t, "openapi")
	if strings.TrimSuffix(printed, "\n") != string(r.Body) {
		t.Fatal("kopernik openapi and GET /openapi.json differ")
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Paths["/v2/profile/{p}"] == nil || doc.Paths["/metrics"] == nil {
		t.Fatalf("openapi %q, %d paths", doc.OpenAPI, len(doc.Paths))
	}
	without := kopernik(t, "openapi", "--no-metrics-route")
	if strings.Contains(without, `"/metrics"`) {
		t.Error("--no-metrics-route still lists /metrics")
	}
}
