//go:build linux

// Command load is Kopernik's load benchmark. In one run it measures, beside a
// bare net/http baseline started in this process, the real server binary on a
// seeded SQLite store (or, with -postgres DSN, on a seeded PostgreSQL schema):
//
//   - POST /v3/database/{id}/profiles at -c clients (per sync mode with -both)
//   - GET /v3/profile/{random existing id} at -get-c clients
//   - the filtered, ordered list
//     GET /v3/database/{id}/profiles?fields[]=age>=N&fields[]=lastname=~P%&orderby=birthdate&limit=100
//     with one client and with -list-c clients, once counting `total` (the
//     default) and once with total=false
//   - with -subprofiles N: POST /v3/profile/{random parent}/subprofiles/{cid}
//     at -c clients, and the filtered, ordered subprofile list
//     GET /v3/collection/{cid}/subprofiles?fields[]=amount>=N&fields[]=item=~P%&orderby=placed&limit=100
//     with one client and with -list-c clients, with and without total
//
// while sampling the server's VmRSS every 200 ms. Seeding happens in-process
// through the store (sqlite.Open + CreateEntity from many goroutines, which the
// store group-commits) before the server starts; a data dir that already holds
// the seeded database is reused as is (-data DIR). With -postgres the same
// happens through postgres.Open in a schema of its own (-pg-schema, created if
// missing and reused when it already holds the seeded database), spreading
// CreateEntity over -pg-seed-stores stores (one writer connection each) and
// ending a fresh seed with VACUUM (ANALYZE); the server runs with
// KOPERNIK_POSTGRES set to the DSN with search_path=SCHEMA. The schema is kept.
//
// Everything is loopback only and bounded: each phase by -duration and
// -max-requests, each request by -timeout, the whole run by -deadline. The
// server is stopped (SIGTERM, then SIGKILL) when the script ends.
//
// Run it from the repository root:
//
//	go run ./bench/load -profiles 20000 -duration 3s
//	go run ./bench/load -data /tmp/kopernik-load-1m -profiles 1000000 -both -json /tmp/load.json
//	go run ./bench/load -data /tmp/kopernik-load-sub -profiles 100000 -subprofiles 1000000
//	go run ./bench/load -postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable' -profiles 1000000
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
)

// benchDatabase is the name of the seeded database; its description records
// whether seeding finished ("seeded N profiles") so a data dir can be reused.
const benchDatabase = "loadbench"

type config struct {
	bin         string
	data        string
	pgDSN       string
	pgSchema    string
	pgStores    int
	subprofiles int
	subParents  int
	keep        bool
	profiles    int
	seedWorkers int
	sync        string
	both        bool
	conc        int
	getConc     int
	listConc    int
	duration    time.Duration
	warmup      time.Duration
	maxRequests int64
	timeout     time.Duration
	runs        int
	deadline    time.Duration
	jsonOut     string
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "", "kopernik binary to test (default: go build ./cmd/kopernik into a temp dir)")
	flag.StringVar(&cfg.data, "data", "", "data dir of the server; reused (not reseeded) when it already holds the seeded database (default: a temp dir, removed at the end)")
	flag.StringVar(&cfg.pgDSN, "postgres", "", "PostgreSQL DSN: seed and serve on PostgreSQL instead of SQLite (in schema -pg-schema of the DSN's database)")
	flag.StringVar(&cfg.pgSchema, "pg-schema", "kbench", "PostgreSQL schema of the bench (created if missing; reused when it holds the seeded database)")
	flag.IntVar(&cfg.pgStores, "pg-seed-stores", 8, "PostgreSQL seeding spreads CreateEntity over this many stores opened in-process (one writer connection each, like that many nodes)")
	flag.IntVar(&cfg.subprofiles, "subprofiles", 0, "subprofiles to seed into collection \"orders\" and measure (0: no subprofile phases)")
	flag.IntVar(&cfg.subParents, "subprofile-parents", 100_000, "subprofiles are spread over this many first profiles, and POST subprofile picks a parent among them")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the temp data dir (ignored with -data, which is always kept)")
	flag.IntVar(&cfg.profiles, "profiles", 1_000_000, "profiles to seed")
	flag.IntVar(&cfg.seedWorkers, "seed-workers", 64, "goroutines calling CreateEntity while seeding")
	flag.StringVar(&cfg.sync, "sync", "normal", "durability of the server: normal or full")
	flag.BoolVar(&cfg.both, "both", false, "measure POST once per sync mode (normal and full)")
	flag.IntVar(&cfg.conc, "c", 32, "concurrent clients of the POST phases and of the baseline")
	flag.IntVar(&cfg.getConc, "get-c", 32, "concurrent clients of the GET profile phase")
	flag.IntVar(&cfg.listConc, "list-c", 32, "concurrent clients of the concurrent list phases")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Second, "length of each measured phase")
	flag.DurationVar(&cfg.warmup, "warmup", time.Second, "unmeasured warm-up before each phase")
	flag.Int64Var(&cfg.maxRequests, "max-requests", 1_000_000, "most requests of one measured phase")
	flag.DurationVar(&cfg.timeout, "timeout", 5*time.Second, "timeout of each request")
	flag.IntVar(&cfg.runs, "runs", 3, "how often the measurement phases run (medians are reported)")
	flag.DurationVar(&cfg.deadline, "deadline", 2*time.Hour, "upper bound of the whole script, seeding included")
	flag.StringVar(&cfg.jsonOut, "json", "", "write a JSON summary to this file")
	flag.Parse()
	if cfg.sync != "normal" && cfg.sync != "full" {
		fatalf("-sync must be normal or full")
	}
	if cfg.profiles < 1 || cfg.conc < 1 || cfg.getConc < 1 || cfg.listConc < 1 || cfg.runs < 1 || cfg.maxRequests < 1 || cfg.seedWorkers < 1 {
		fatalf("-profiles, -c, -get-c, -list-c, -runs, -max-requests and -seed-workers must be positive")
	}
	if cfg.subprofiles < 0 || cfg.subParents < 1 || cfg.pgStores < 1 {
		fatalf("-subprofiles must not be negative; -subprofile-parents and -pg-seed-stores must be positive")
	}
	if cfg.pgDSN != "" {
		if cfg.data != "" {
			fatalf("-data and -postgres exclude each other")
		}
		if cfg.both {
			fatalf("-both compares SQLite sync modes; it does not apply to -postgres")
		}
		if !validSchema(cfg.pgSchema) {
			fatalf("-pg-schema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*)")
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(ctx, cfg.deadline)
	err := run(ctx, cfg)
	cancel()
	stop()
	if err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "load: "+format+"\n", a...)
	os.Exit(1)
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05")+" "+format+"\n", a...)
}

// ---------------------------------------------------------------------------
// Orchestration

// summary is the JSON document written by -json.
type summary struct {
	Started  string         `json:"started"`
	Config   map[string]any `json:"config"`
	Machine  machine        `json:"machine"`
	Seeding  seedResult     `json:"seeding"`
	Sanity   map[string]any `json:"sanity"`
	Runs     []runResult    `json:"runs"`
	Medians  []median       `json:"medians"`
	Ratios   map[string]any `json:"ratios"`
	MaxRSSMB map[string]any `json:"max_rss_mb"`
	Targets  []target       `json:"targets"`

	engine string   // sqlite or postgres
	modes  []string // server runs in order: sync modes, or "postgres"
}

type machine struct {
	NumCPU    int    `json:"nproc"`
	CPUModel  string `json:"cpu_model"`
	MemTotal  string `json:"mem_total"`
	GoVersion string `json:"go_version"`
	Kernel    string `json:"kernel"`
	Commit    string `json:"commit,omitempty"` // of the working tree the script ran in
}

type runResult struct {
	Run           int           `json:"run"`
	Sync          string        `json:"sync"`
	LoadAvgBefore string        `json:"loadavg_before"`
	Phases        []phaseResult `json:"phases"`
	PostRatio     float64       `json:"post_over_baseline"`
	GetRatio      float64       `json:"get_over_baseline,omitempty"`
	SubPostRatio  float64       `json:"post_subprofile_over_baseline,omitempty"`
}

type phaseResult struct {
	Phase      string  `json:"phase"`
	Sync       string  `json:"sync,omitempty"`
	Conc       int     `json:"concurrency"`
	Seconds    float64 `json:"seconds"`
	OK         int64   `json:"ok"`
	Errors     int64   `json:"errors"`
	Timeouts   int64   `json:"timeouts"`
	RPS        float64 `json:"req_per_s"`
	P50ms      float64 `json:"p50_ms"`
	P90ms      float64 `json:"p90_ms"`
	P99ms      float64 `json:"p99_ms"`
	Maxms      float64 `json:"max_ms"`
	MaxRSSMB   float64 `json:"server_max_rss_mb,omitempty"`
	FirstError string  `json:"first_error,omitempty"`
}

type median struct {
	Phase    string  `json:"phase"`
	Sync     string  `json:"server_sync"` // sync mode of the runs (the baseline itself has none)
	Conc     int     `json:"concurrency"`
	Runs     int     `json:"runs"`
	RPS      float64 `json:"req_per_s"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Errors   int64   `json:"errors_all_runs"`
	Timeouts int64   `json:"timeouts_all_runs"`
}

type target struct {
	What   string `json:"what"`
	Goal   string `json:"goal"`
	Actual string `json:"actual"`
	Met    *bool  `json:"met,omitempty"` // nil: reported only, no goal
}

func goal(what, g, actual string, met bool) target { return target{what, g, actual, &met} }

func report(what, actual string) target { return target{What: what, Goal: "none", Actual: actual} }

func run(ctx context.Context, cfg config) error {
	sum := summary{Started: time.Now().Format(time.RFC3339), Machine: machineInfo(), Sanity: map[string]any{},
		MaxRSSMB: map[string]any{}, Ratios: map[string]any{}}
	sum.engine = "sqlite"
	if cfg.pgDSN != "" {
		sum.engine = "postgres"
	}
	args := slices.Clone(os.Args[1:])
	for i, a := range args {
		if cfg.pgDSN != "" && strings.Contains(a, cfg.pgDSN) {
			args[i] = strings.ReplaceAll(a, cfg.pgDSN, redactDSN(cfg.pgDSN))
		}
	}
	sum.Config = map[string]any{
		"engine": sum.engine, "profiles": cfg.profiles, "sync": cfg.sync, "both": cfg.both, "c": cfg.conc, "get_c": cfg.getConc,
		"list_c": cfg.listConc, "duration": cfg.duration.String(), "warmup": cfg.warmup.String(),
		"max_requests": cfg.maxRequests, "timeout": cfg.timeout.String(), "runs": cfg.runs,
		"seed_workers": cfg.seedWorkers, "subprofiles": cfg.subprofiles, "subprofile_parents": cfg.subParents,
		"args": args,
	}
	if cfg.pgDSN != "" {
		sum.Config["pg_schema"] = cfg.pgSchema
		sum.Config["pg_seed_stores"] = cfg.pgStores
	}
	logf("machine: %d CPUs, %s, %s, %s; load average %s", sum.Machine.NumCPU, sum.Machine.CPUModel,
		sum.Machine.MemTotal, sum.Machine.GoVersion, loadAvg())

	tmp, err := os.MkdirTemp("", "kopernik-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	bin := cfg.bin
	if bin == "" {
		bin = filepath.Join(tmp, "kopernik")
		logf("building %s", bin)
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/kopernik/kopernik/cmd/kopernik")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build (run this from the repository, or pass -bin): %w", err)
		}
	}
	if abs, err := filepath.Abs(bin); err == nil {
		bin = abs
	}

	var be backend
	if cfg.pgDSN != "" {
		be, err = preparePG(ctx, cfg.pgDSN, cfg.pgSchema)
		if err != nil {
			return err
		}
		logf("PostgreSQL %s, schema %s", redactDSN(cfg.pgDSN), be.schema)
	} else {
		data := cfg.data
		if data == "" {
			data, err = os.MkdirTemp("", "kopernik-load-data-")
			if err != nil {
				return err
			}
			if cfg.keep {
				logf("data dir %s is kept", data)
			} else {
				defer os.RemoveAll(data)
			}
		}
		be = backend{dir: data}
	}

	seed, err := seedStore(ctx, be, cfg)
	if err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	sum.Seeding = seed
	if ctx.Err() != nil {
		return ctx.Err()
	}

	token, err := createToken(ctx, bin, be)
	if err != nil {
		return err
	}

	base, err := startBaseline()
	if err != nil {
		return err
	}
	defer base.close()

	modes := []string{cfg.sync}
	if cfg.both {
		modes = []string{"normal", "full"}
	}
	if be.pg() {
		modes = []string{"postgres"} // --sync is SQLite's; PostgreSQL commits as it is configured
	}
	sum.modes = modes
	for mi, mode := range modes {
		full := mi == 0 // the first mode gets the read (and subprofile) phases too
		rss, err := measureMode(ctx, cfg, bin, be, token, base.url, seed, mode, full, &sum)
		sum.MaxRSSMB[mode] = rss
		if err != nil {
			return err
		}
	}

	computeMedians(&sum)
	printTables(os.Stdout, &sum)
	if cfg.jsonOut != "" {
		raw, err := json.MarshalIndent(&sum, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.jsonOut, append(raw, '\n'), 0o644); err != nil {
			return err
		}
		logf("JSON summary written to %s", cfg.jsonOut)
	}
	return nil
}

// measureMode starts the server in one sync mode and runs cfg.runs rounds of
// phases against it. It returns the server's maximum RSS in MB.
func measureMode(ctx context.Context, cfg config, bin string, be backend, token, baseURL string, seed seedResult,
	mode string, reads bool, sum *summary) (float64, error) {
	srv, err := startServer(ctx, bin, be, mode)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err := srv.stop(); err != nil {
			logf("stopping server: %v", err)
		}
		if n := srv.errLines.Load(); n > 0 {
			logf("server logged %d ERROR lines; first: %s", n, srv.firstErrors())
		}
	}()
	logf("server (%s) pid %d listening on %s, RSS %.1f MB", mode, srv.cmd.Process.Pid, srv.addr, mb(srv.rss.current()))

	tq := "access_token=" + url.QueryEscape(token)
	postURL := fmt.Sprintf("%s/v3/database/%d/profiles?%s", srv.base, seed.DatabaseID, tq)
	lists := listURLs(srv.base, seed.DatabaseID, tq)

	if reads {
		if err := sanity(ctx, srv.base, tq, lists, seed, sum); err != nil {
			return mb(srv.rss.max.Load()), err
		}
		if seed.Sub != nil {
			if err := sanitySub(ctx, srv.base, tq, seed, sum); err != nil {
				return mb(srv.rss.max.Load()), err
			}
		}
	}

	for r := 1; r <= cfg.runs; r++ {
		if ctx.Err() != nil {
			return mb(srv.rss.max.Load()), ctx.Err()
		}
		rr := runResult{Run: r, Sync: mode, LoadAvgBefore: loadAvg()}
		logf("run %d/%d (%s), nproc %d, load average before: %s", r, cfg.runs, mode, runtime.NumCPU(), rr.LoadAvgBefore)

		bodies := postBodies(uint64(r), 4096)
		post := func(rng *rand.Rand, u string) *http.Request {
			req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(bodies[rng.IntN(len(bodies))]))
			req.Header.Set("Content-Type", "application/json")
			return req
		}
		bl := phase{name: "baseline POST (bare net/http)", conc: cfg.conc, want: http.StatusCreated, needCreated: true,
			mk: func(rng *rand.Rand) *http.Request { return post(rng, baseURL) }}
		pp := phase{name: "POST profiles", sync: mode, conc: cfg.conc, want: http.StatusCreated, needCreated: true,
			mk: func(rng *rand.Rand) *http.Request { return post(rng, postURL) }}

		res := runPhase(ctx, cfg, bl, nil)
		rr.Phases = append(rr.Phases, res)
		baseRPS := res.RPS
		res = runPhase(ctx, cfg, pp, srv.rss)
		rr.Phases = append(rr.Phases, res)
		rr.PostRatio = ratio(res.RPS, baseRPS)

		if reads {
			ids := seed.ids
			get := phase{name: "GET profile", conc: cfg.getConc, want: http.StatusOK,
				mk: func(rng *rand.Rand) *http.Request {
					req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/v3/profile/%d?%s", srv.base, ids[rng.IntN(len(ids))], tq), nil)
					return req
				}}
			res = runPhase(ctx, cfg, get, srv.rss)
			rr.Phases = append(rr.Phases, res)
			rr.GetRatio = ratio(res.RPS, baseRPS)
			for _, v := range []struct {
				conc  int
				total bool
			}{{1, true}, {1, false}, {cfg.listConc, true}, {cfg.listConc, false}} {
				us := lists.withTotal
				name := "list filtered+ordered (total)"
				if !v.total {
					us = lists.noTotal
					name = "list filtered+ordered (total=false)"
				}
				lp := phase{name: name, conc: v.conc, want: http.StatusOK,
					mk: func(rng *rand.Rand) *http.Request {
						req, _ := http.NewRequest(http.MethodGet, us[rng.IntN(len(us))], nil)
						return req
					}}
				rr.Phases = append(rr.Phases, runPhase(ctx, cfg, lp, srv.rss))
			}
			if seed.Sub != nil {
				runSubPhases(ctx, cfg, srv, tq, *seed.Sub, r, baseRPS, &rr)
			}
		}
		sum.Runs = append(sum.Runs, rr)
	}
	return mb(srv.rss.max.Load()), ctx.Err()
}

// sanity checks one request of each kind and records what the list matches.
func sanity(ctx context.Context, base, tq string, lists listSet, seed seedResult, sum *summary) error {
	st, b, _, err := sanityGet(ctx, fmt.Sprintf("%s/v3/profile/%d?%s", base, seed.ids[len(seed.ids)/2], tq))
	if err != nil || st != http.StatusOK {
		return fmt.Errorf("sanity GET profile: %d %v %.200s", st, err, b)
	}
	sum.Sanity["sample_profile"] = json.RawMessage(b)
	return sanityList(ctx, "list", lists.withTotal[0], base, tq, sum)
}

// sanityGet sends one GET with a generous timeout.
func sanityGet(ctx context.Context, u string) (int, []byte, time.Duration, error) {
	c := &http.Client{Timeout: 30 * time.Second}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, 0, err
	}
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, time.Since(t0), err
}

// sanityList runs one list request (cold) and records what it matches under
// the keys key_example, key_example_count and key_example_total.
func sanityList(ctx context.Context, key, u, base, tq string, sum *summary) error {
	st, b, d, err := sanityGet(ctx, u)
	if err != nil || st != http.StatusOK {
		return fmt.Errorf("sanity %s: %d %v %.200s", key, st, err, b)
	}
	var env struct {
		Count int64 `json:"count"`
		Total int64 `json:"total"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return fmt.Errorf("sanity %s: %v: %.200s", key, err, b)
	}
	shown := strings.Replace(strings.TrimPrefix(u, base), tq, "access_token=…", 1)
	logf("sanity: %s → count %d, total %d (cold, %s)", shown, env.Count, env.Total, d.Round(time.Microsecond))
	sum.Sanity[key+"_example"] = shown
	sum.Sanity[key+"_example_count"] = env.Count
	sum.Sanity[key+"_example_total"] = env.Total
	sum.Sanity[key+"_example_cold_ms"] = ms(d)
	if env.Count == 0 {
		return fmt.Errorf("sanity %s: the filtered list matches nothing; the seed data does not fit the query", key)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Load phases

type phase struct {
	name        string
	sync        string
	conc        int
	want        int
	needCreated bool // the answer must carry X-Created
	mk          func(rng *rand.Rand) *http.Request
}

type workerStats struct {
	lat      []time.Duration
	errors   int64
	timeouts int64
	firstErr string
}

// runPhase warms up, then runs p for cfg.duration or cfg.maxRequests requests,
// whichever ends first.
func runPhase(ctx context.Context, cfg config, p phase, rss *rssSampler) phaseResult {
	if cfg.warmup > 0 {
		drive(ctx, cfg, p, cfg.warmup, cfg.maxRequests, false)
	}
	if rss != nil {
		rss.resetPhase()
	}
	start := time.Now()
	stats := drive(ctx, cfg, p, cfg.duration, cfg.maxRequests, true)
	elapsed := time.Since(start)
	res := phaseResult{Phase: p.name, Sync: p.sync, Conc: p.conc, Seconds: round(elapsed.Seconds(), 3)}
	var lat []time.Duration
	for _, s := range stats {
		lat = append(lat, s.lat...)
		res.Errors += s.errors
		res.Timeouts += s.timeouts
		if res.FirstError == "" {
			res.FirstError = redact(s.firstErr)
		}
	}
	slices.Sort(lat)
	res.OK = int64(len(lat))
	res.RPS = round(float64(res.OK)/elapsed.Seconds(), 1)
	res.P50ms = ms(pct(lat, 0.50))
	res.P90ms = ms(pct(lat, 0.90))
	res.P99ms = ms(pct(lat, 0.99))
	if len(lat) > 0 {
		res.Maxms = ms(lat[len(lat)-1])
	}
	if rss != nil {
		res.MaxRSSMB = mb(rss.resetPhase())
	}
	logf("  %-38s c=%-3d %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  ok %d  errors %d  timeouts %d%s",
		p.name+syncSuffix(p.sync), p.conc, res.RPS, res.P50ms, res.P99ms, res.OK, res.Errors, res.Timeouts, rssSuffix(res.MaxRSSMB))
	if res.FirstError != "" {
		logf("    first error: %s", res.FirstError)
	}
	return res
}

// drive runs p.conc keep-alive clients until d has passed, max requests were
// sent, or ctx ends. Latencies are kept only when record is set.
func drive(ctx context.Context, cfg config, p phase, d time.Duration, maxReq int64, record bool) []*workerStats {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: cfg.timeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        p.conc,
		MaxIdleConnsPerHost: p.conc,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: cfg.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	end := time.Now().Add(d)
	var issued atomic.Int64
	stats := make([]*workerStats, p.conc)
	var wg sync.WaitGroup
	for w := range p.conc {
		ws := &workerStats{}
		if record {
			ws.lat = make([]time.Duration, 0, 4096)
		}
		stats[w] = ws
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(w)))
			for ctx.Err() == nil && time.Now().Before(end) && issued.Add(1) <= maxReq {
				req := p.mk(rng)
				t0 := time.Now()
				resp, err := client.Do(req)
				var status int
				created := false
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
					created = resp.Header.Get("X-Created") != ""
				}
				lat := time.Since(t0)
				if !record {
					continue
				}
				switch {
				case err != nil:
					var ne net.Error
					if errors.As(err, &ne) && ne.Timeout() {
						ws.timeouts++
					} else if ctx.Err() != nil {
						continue // interrupted, not the server's fault
					} else {
						ws.errors++
					}
					if ws.firstErr == "" {
						ws.firstErr = err.Error()
					}
				case status != p.want || (p.needCreated && !created):
					ws.errors++
					if ws.firstErr == "" {
						ws.firstErr = fmt.Sprintf("status %d (X-Created %v)", status, created)
					}
				default:
					ws.lat = append(ws.lat, lat)
				}
			}
		})
	}
	wg.Wait()
	return stats
}

func pct(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// ---------------------------------------------------------------------------
// Request material

type listSet struct{ withTotal, noTotal []string }

// listPrefixes all match several seeded last names.
var listPrefixes = []string{"Sm", "Sm", "Sm", "Ja", "Ba", "Br", "Ma", "Mo"}

// listURLs returns the variants of the filtered, ordered list: age bound 38–42
// and a last-name prefix, operators percent-encoded.
func listURLs(base string, db int64, tq string) listSet {
	var ls listSet
	for age := 38; age <= 42; age++ {
		for _, pre := range listPrefixes {
			q := fmt.Sprintf("%s/v3/database/%d/profiles?%s&fields[]=%s&fields[]=%s&orderby=birthdate&limit=100",
				base, db, tq, url.QueryEscape("age>="+strconv.Itoa(age)), url.QueryEscape("lastname=~"+pre+"%"))
			ls.withTotal = append(ls.withTotal, q)
			ls.noTotal = append(ls.noTotal, q+"&total=false")
		}
	}
	return ls
}

// postBodies pre-renders request bodies so that the clients spend little CPU.
func postBodies(seed uint64, n int) [][]byte {
	g := newGen(seed)
	out := make([][]byte, n)
	for i := range out {
		p := g.profile(1_000_000_000 + int(seed)*1_000_000 + i)
		b, err := json.Marshal(map[string]any{"fields": p.json()})
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}

// ---------------------------------------------------------------------------
// Data generation

var (
	firstNames = []string{"Ann", "Anna", "Bram", "Bart", "Carla", "Chris", "Daan", "Daniel", "Emma", "Eva",
		"Femke", "Finn", "Gijs", "Hanna", "Henk", "Ilse", "Isa", "Jan", "Jasper", "Julia", "Kees", "Lars",
		"Laura", "Lieke", "Lotte", "Luuk", "Maria", "Mark", "Martijn", "Milan", "Noah", "Nina", "Olivia",
		"Pieter", "Priya", "Quinten", "Rachel", "Ruben", "Sam", "Sanne", "Sara", "Sophie", "Thomas", "Tim",
		"Vera", "Wouter", "Yara", "Zoë", "Ahmed", "Fatima", "Mohamed", "Wei", "Lucas", "Olga"}
	lastNames = []string{"Smith", "Smit", "Smits", "Smeets", "Smulders", "Jansen", "Janssen", "Jacobs",
		"Bakker", "Bos", "Baker", "Brouwer", "Brown", "Bruin", "de Vries", "de Jong", "de Boer", "de Graaf",
		"van den Berg", "van Dijk", "van der Meer", "Visser", "Meijer", "Mulder", "Martin", "Maas", "Molenaar",
		"Mertens", "Moreau", "Peters", "Hendriks", "Dekker", "Dijkstra", "Kok", "Koster", "Prins", "Vos",
		"Willems", "Wouters", "Hoekstra", "Kramer", "Schouten", "Sanders", "Santos", "Garcia", "Johnson",
		"Williams", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Clark",
		"Lewis", "Walker", "Hall", "Young", "King", "Wright", "Lopez", "Hill", "Scott", "Green", "Adams",
		"Nelson", "Baker", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
		"Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Bell", "Bailey"}
	cities = []string{"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
		"Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaanstad",
		"Delft", "Leiden", "Maastricht", "Zwolle", "Antwerpen", "Gent", "Brussel", "London", "Berlin", "Paris"}
	domains = []string{"example.org", "example.com", "example.net", "mail.example.org"}
	words   = strings.Fields("customer prefers email contact asked about the newsletter delivery was late " +
		"interested in premium plan called support twice moved recently likes discounts returns often " +
		"wants invoice by post loyal since years referred a friend")
)

const vipChoices = "no*\nsilver\ngold\nplatinum"

type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))} }

type profileData struct {
	Email, First, Last, City string
	Age                      int64
	Score                    float64
	Birth, Signup, VIP       string
	Notes                    string
}

func (g *gen) profile(i int) profileData {
	r := g.r
	p := profileData{First: firstNames[r.IntN(len(firstNames))], Last: lastNames[r.IntN(len(lastNames))],
		City: cities[r.IntN(len(cities))], Age: int64(18 + r.IntN(73))}
	p.Email = fmt.Sprintf("%s.%s%d@%s", strings.ToLower(p.First), strings.ToLower(strings.ReplaceAll(p.Last, " ", "")),
		i, domains[r.IntN(len(domains))])
	p.Score = math.Round(r.Float64()*10000) / 100
	p.Birth = fmt.Sprintf("%04d-%02d-%02d", 2025-int(p.Age), 1+r.IntN(12), 1+r.IntN(28))
	p.Signup = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(10 * 365 * 24 * time.Hour)))).
		Truncate(time.Second).Format("2006-01-02 15:04:05")
	switch x := r.IntN(100); {
	case x < 80:
		p.VIP = "no"
	case x < 92:
		p.VIP = "silver"
	case x < 98:
		p.VIP = "gold"
	default:
		p.VIP = "platinum"
	}
	if r.IntN(3) == 0 {
		n := 5 + r.IntN(40)
		ws := make([]string, n)
		for k := range ws {
			ws[k] = words[r.IntN(len(words))]
		}
		p.Notes = strings.Join(ws, " ")
	}
	return p
}

// json is the "fields" object of a POST body: numbers as JSON numbers, the rest strings.
func (p profileData) json() map[string]any {
	return map[string]any{"email": p.Email, "firstname": p.First, "lastname": p.Last, "city": p.City,
		"age": p.Age, "score": p.Score, "birthdate": p.Birth, "signup": p.Signup, "vip": p.VIP, "notes": p.Notes}
}

// fields is the same as the store's input map.
func (p profileData) fields() *kopernik.Map {
	m := &kopernik.Map{}
	m.Set("email", p.Email)
	m.Set("firstname", p.First)
	m.Set("lastname", p.Last)
	m.Set("city", p.City)
	m.Set("age", p.Age)
	m.Set("score", p.Score)
	m.Set("birthdate", p.Birth)
	m.Set("signup", p.Signup)
	m.Set("vip", p.VIP)
	m.Set("notes", p.Notes)
	return m
}

// ---------------------------------------------------------------------------
// Seeding

type seedResult struct {
	Engine     string         `json:"engine"`
	DatabaseID int64          `json:"database_id"`
	Profiles   int            `json:"profiles"`
	Skipped    bool           `json:"skipped"`
	Seconds    float64        `json:"seconds,omitempty"`
	PerSecond  float64        `json:"profiles_per_s,omitempty"`
	LiveIDs    int            `json:"live_profiles"`
	DBFileMB   float64        `json:"db_file_mb,omitempty"`   // SQLite: size of the database file
	PGSchemaMB float64        `json:"pg_schema_mb,omitempty"` // PostgreSQL: tables, indexes and TOAST of the schema
	Sub        *subSeedResult `json:"subprofiles,omitempty"`
	VacuumS    float64        `json:"pg_vacuum_analyze_s,omitempty"` // after a fresh seed on PostgreSQL
	ids        []int64
}

type fieldSpec struct {
	name  string
	typ   kopernik.FieldType
	index bool
	value string
}

var benchFields = []fieldSpec{
	{"email", kopernik.TypeEmail, true, ""},
	{"firstname", kopernik.TypeText, false, ""},
	{"lastname", kopernik.TypeText, true, ""},
	{"city", kopernik.TypeText, false, ""},
	{"age", kopernik.TypeInteger, true, ""},
	{"score", kopernik.TypeFloat, false, ""},
	{"birthdate", kopernik.TypeDate, true, ""},
	{"signup", kopernik.TypeDatetime, false, ""},
	{"vip", kopernik.TypeSelect, false, vipChoices},
	{"notes", kopernik.TypeBig, false, ""},
}

// seedStore opens the store in-process and creates the bench database with
// cfg.profiles profiles (and, with -subprofiles, the collection with its
// subprofiles), unless the store already holds them. It closes the store
// before returning.
func seedStore(ctx context.Context, be backend, cfg config) (res seedResult, err error) {
	loc, lerr := time.LoadLocation("Europe/Amsterdam")
	if lerr != nil {
		loc = time.UTC
	}
	st, err := be.open(ctx, loc)
	if err != nil {
		return res, err
	}
	defer func() {
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if be.pg() {
			res.PGSchemaMB = be.sizeMB()
		} else {
			res.DBFileMB = be.sizeMB()
		}
	}()
	cat, err := st.Catalog(ctx)
	if err != nil {
		return res, err
	}
	n := cfg.profiles
	done := fmt.Sprintf("seeded %d profiles", n)
	if d := cat.DatabaseByName(benchDatabase); d != nil {
		if d.Description != done {
			return res, fmt.Errorf("%s holds database %q marked %q, not %q: use another %s or remove it",
				be.where(), benchDatabase, d.Description, done, be.flag())
		}
		res = seedResult{DatabaseID: d.ID, Profiles: n, Skipped: true}
		logf("seeding skipped: %s already holds %q (%s)", be.where(), benchDatabase, done)
	} else {
		res, err = seedNew(ctx, st, be, loc, n, cfg)
		if err != nil {
			return res, err
		}
	}
	res.Engine = be.engine()
	res.ids, err = st.EntityIDs(ctx, kopernik.DatabaseOwner(res.DatabaseID), 0, -1)
	if err != nil {
		return res, err
	}
	res.LiveIDs = len(res.ids)
	if len(res.ids) == 0 {
		return res, errors.New("the bench database holds no profiles")
	}
	if cfg.subprofiles > 0 {
		sub, err := seedSubprofiles(ctx, st, be, loc, res.DatabaseID, res.ids, cfg)
		if err != nil {
			return res, err
		}
		res.Sub = &sub
	}
	if be.pg() && (!res.Skipped || (res.Sub != nil && !res.Sub.Skipped)) {
		d, err := be.settle(ctx)
		if err != nil {
			return res, fmt.Errorf("VACUUM (ANALYZE) after seeding: %w", err)
		}
		res.VacuumS = round(d.Seconds(), 1)
		logf("VACUUM (ANALYZE) of schema %s after seeding: %s", be.schema, d.Round(time.Millisecond))
	}
	return res, nil
}

// createBenchFields creates the fields of an owner (database or collection).
func createBenchFields(ctx context.Context, st *sqlstore.Store, owner kopernik.Owner, fields []fieldSpec) error {
	for _, f := range fields {
		in := kopernik.FieldInput{Name: &f.name, Type: &f.typ, Index: &f.index}
		if f.value != "" {
			in.Value, in.HasValue = f.value, true
		}
		if _, err := st.CreateField(ctx, owner, in); err != nil {
			return fmt.Errorf("field %s: %w", f.name, err)
		}
	}
	return nil
}

func seedNew(ctx context.Context, st *sqlstore.Store, be backend, loc *time.Location, n int, cfg config) (seedResult, error) {
	var res seedResult
	name, desc := benchDatabase, "seeding"
	id, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name, Description: &desc})
	if err != nil {
		return res, err
	}
	res.DatabaseID, res.Profiles = id, n
	owner := kopernik.DatabaseOwner(id)
	if err := createBenchFields(ctx, st, owner, benchFields); err != nil {
		return res, err
	}
	res.Seconds, res.PerSecond, err = seedEntities(ctx, st, be, loc, cfg, n, "profiles", fmt.Sprintf("into database %d", id),
		func(s *sqlstore.Store, g *gen, i int) error {
			_, err := s.CreateEntity(ctx, owner, 0, kopernik.EntityInput{Fields: g.profile(i).fields()})
			return err
		})
	if err != nil {
		return res, err
	}
	desc = fmt.Sprintf("seeded %d profiles", n)
	if err := st.UpdateDatabase(ctx, id, kopernik.DatabaseInput{Description: &desc}); err != nil {
		return res, err
	}
	return res, nil
}

// parallelCreate calls create for i = 1…n from workers goroutines (each with
// its own generator) and logs progress every 10 s.
// seedEntities creates n entities with create, spread over the backend's
// seeding stores, and returns the time taken and the rate.
func seedEntities(ctx context.Context, st *sqlstore.Store, be backend, loc *time.Location, cfg config, n int, what, where string,
	create func(s *sqlstore.Store, g *gen, i int) error) (seconds, perSecond float64, err error) {
	stores, closeStores, err := be.writers(ctx, st, cfg.pgStores, loc)
	if err != nil {
		return 0, 0, err
	}
	logf("seeding %d %s %s with %d goroutines over %d store(s)", n, what, where, cfg.seedWorkers, len(stores))
	el, err := parallelCreate(ctx, n, cfg.seedWorkers, what, func(g *gen, i int) error {
		return create(stores[i%len(stores)], g, i)
	})
	if cerr := closeStores(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, err
	}
	perSecond = round(float64(n)/el.Seconds(), 0)
	logf("seeded %d %s in %s: %.0f %s/s", n, what, el.Round(time.Millisecond), perSecond, what)
	return round(el.Seconds(), 1), perSecond, nil
}

func parallelCreate(ctx context.Context, n, workers int, what string, create func(g *gen, i int) error) (time.Duration, error) {
	start := time.Now()
	var next, doneN atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			g := newGen(uint64(w) + 1)
			for ctx.Err() == nil && firstErr.Load() == nil {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				if err := create(g, int(i)); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				doneN.Add(1)
			}
		})
	}
	stopProgress := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopProgress:
				return
			case <-t.C:
				d := doneN.Load()
				logf("  seeded %d/%d %s (%.0f/s)", d, n, what, float64(d)/time.Since(start).Seconds())
			}
		}
	}()
	wg.Wait()
	close(stopProgress)
	if e := firstErr.Load(); e != nil {
		return 0, e.(error)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// ---------------------------------------------------------------------------
// Server process

func createToken(ctx context.Context, bin string, be backend) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(tctx, bin, append([]string{"token", "create", "--name", "load-bench"}, be.args()...)...)
	cmd.Env = be.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("kopernik token create: %v: %s", err, errb.String())
	}
	tok := strings.TrimSpace(out.String())
	if tok == "" || strings.ContainsAny(tok, " \n") {
		return "", fmt.Errorf("kopernik token create printed %q", out.String())
	}
	return tok, nil
}

type server struct {
	cmd      *exec.Cmd
	addr     string
	base     string
	done     chan struct{}
	rss      *rssSampler
	errLines atomic.Int64
	mu       sync.Mutex
	errs     []string
	tail     []byte
}

func (s *server) firstErrors() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.errs, " | ")
}

var errorMark = []byte(`"level":"ERROR"`)

func startServer(ctx context.Context, bin string, be backend, mode string) (*server, error) {
	args := []string{"serve", "--listen", "127.0.0.1:0"}
	args = append(args, be.args()...)
	if !be.pg() {
		args = append(args, "--sync", mode)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = be.env()
	// The server dies with this script even if the script is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		defer close(s.done)
		br := bufio.NewReaderSize(stderr, 1<<20)
		// Until the server listens: line by line, looking for its address.
		for {
			line, err := br.ReadBytes('\n')
			s.note(line)
			if bytes.Contains(line, []byte(`"msg":"listening"`)) {
				var m struct{ Addr string }
				if json.Unmarshal(line, &m) == nil && m.Addr != "" {
					addr <- m.Addr
					break
				}
			}
			if err != nil {
				cmd.Wait()
				return
			}
		}
		// Then in big chunks: every request is logged, and reading must stay cheap.
		buf := make([]byte, 256<<10)
		for {
			n, err := br.Read(buf)
			if n > 0 {
				s.note(buf[:n])
			}
			if err != nil {
				break
			}
		}
		cmd.Wait()
	}()
	select {
	case a := <-addr:
		host, _, err := net.SplitHostPort(a)
		if err != nil || !net.ParseIP(host).IsLoopback() {
			s.kill()
			return nil, fmt.Errorf("server listens on %q, not a loopback address", a)
		}
		s.addr, s.base = a, "http://"+a
	case <-s.done:
		return nil, fmt.Errorf("server exited early: %s", s.tailString())
	case <-time.After(60 * time.Second):
		s.kill()
		return nil, fmt.Errorf("server did not start within 60 s: %s", s.tailString())
	case <-ctx.Done():
		s.kill()
		return nil, ctx.Err()
	}
	s.rss = newRSSSampler(cmd.Process.Pid)
	return s, nil
}

// note counts ERROR lines and keeps the end of the log for diagnostics.
func (s *server) note(b []byte) {
	if len(b) == 0 {
		return
	}
	if c := bytes.Count(b, errorMark); c > 0 {
		s.errLines.Add(int64(c))
		s.mu.Lock()
		if len(s.errs) < 3 {
			i := bytes.Index(b, errorMark)
			lo := bytes.LastIndexByte(b[:i], '\n') + 1
			hi := bytes.IndexByte(b[i:], '\n')
			if hi < 0 {
				hi = len(b) - i
			}
			s.errs = append(s.errs, string(b[lo:i+hi]))
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	s.tail = append(s.tail, b...)
	if len(s.tail) > 8<<10 {
		s.tail = append(s.tail[:0], s.tail[len(s.tail)-4<<10:]...)
	}
	s.mu.Unlock()
}

func (s *server) tailString() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.tail)
}

func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// stop ends the server with SIGTERM and kills it after 30 s.
func (s *server) stop() error {
	if s.rss != nil {
		s.rss.close()
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.kill()
		return errors.New("server ignored SIGTERM for 30 s and was killed")
	}
	if st := s.cmd.ProcessState; st != nil && !st.Success() {
		return fmt.Errorf("server exited with %v: %s", st, s.tailString())
	}
	return nil
}

// rssSampler reads VmRSS from /proc/PID/status every 200 ms.
type rssSampler struct {
	pid      int
	max      atomic.Int64 // bytes, whole lifetime
	phaseMax atomic.Int64
	last     atomic.Int64
	stop     chan struct{}
	stopped  chan struct{}
}

func newRSSSampler(pid int) *rssSampler {
	r := &rssSampler{pid: pid, stop: make(chan struct{}), stopped: make(chan struct{})}
	r.sample()
	go func() {
		defer close(r.stopped)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-r.stop:
				return
			case <-t.C:
				r.sample()
			}
		}
	}()
	return r
}

func (r *rssSampler) sample() {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.pid))
	if err != nil {
		return
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				if err == nil {
					v := kb * 1024
					r.last.Store(v)
					storeMax(&r.max, v)
					storeMax(&r.phaseMax, v)
				}
			}
			return
		}
	}
}

func storeMax(a *atomic.Int64, v int64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
}

func (r *rssSampler) current() int64 { return r.last.Load() }

// resetPhase returns the maximum since the last reset (sampling once more first).
func (r *rssSampler) resetPhase() int64 {
	r.sample()
	return r.phaseMax.Swap(r.last.Load())
}

func (r *rssSampler) close() {
	select {
	case <-r.stop:
	default:
		close(r.stop)
		<-r.stopped
	}
}

// ---------------------------------------------------------------------------
// Baseline

type baseline struct {
	srv *http.Server
	url string
}

// startBaseline serves a bare handler that decodes the POST body like the
// profile route and answers 201 with X-Created.
func startBaseline() (*baseline, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	var n atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
		var m map[string]any
		if err == nil {
			err = json.Unmarshal(body, &m)
		}
		if err != nil {
			http.Error(w, `{"error":{"message":"Invalid data provided"}}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("X-Created", strconv.FormatInt(n.Add(1), 10))
		w.WriteHeader(http.StatusCreated)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 1 << 20}
	go srv.Serve(ln)
	return &baseline{srv: srv, url: "http://" + ln.Addr().String() + "/v3/database/1/profiles?access_token=x"}, nil
}

func (b *baseline) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.srv.Shutdown(ctx)
}

// ---------------------------------------------------------------------------
// Results

func computeMedians(sum *summary) {
	type key struct {
		name string
		conc int
		sync string // of the server the run measured
	}
	var order []key
	groups := map[key][]phaseResult{}
	for _, r := range sum.Runs {
		for _, p := range r.Phases {
			k := key{p.Phase, p.Conc, r.Sync}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], p)
		}
	}
	for _, k := range order {
		ps := groups[k]
		m := median{Phase: k.name, Conc: k.conc, Sync: k.sync, Runs: len(ps)}
		var rps, p50, p99 []float64
		for _, p := range ps {
			rps, p50, p99 = append(rps, p.RPS), append(p50, p.P50ms), append(p99, p.P99ms)
			m.Errors += p.Errors
			m.Timeouts += p.Timeouts
		}
		m.RPS, m.P50ms, m.P99ms = med(rps), med(p50), med(p99)
		sum.Medians = append(sum.Medians, m)
	}
	bySync := map[string][]float64{}
	var gets, subs []float64
	for _, r := range sum.Runs {
		bySync[r.Sync] = append(bySync[r.Sync], r.PostRatio)
		if r.GetRatio > 0 {
			gets = append(gets, r.GetRatio)
		}
		if r.SubPostRatio > 0 {
			subs = append(subs, r.SubPostRatio)
		}
	}
	for s, v := range bySync {
		sum.Ratios["post_over_baseline_"+s] = round(med(v), 3)
	}
	if len(gets) > 0 {
		sum.Ratios["get_over_baseline"] = round(med(gets), 3)
	}
	if len(subs) > 0 {
		sum.Ratios["post_subprofile_over_baseline"] = round(med(subs), 3)
	}
	sum.Ratios["note"] = "median over runs of (phase req/s ÷ baseline req/s of the same run)"
	sum.Targets = targets(sum)
}

func findMedian(sum *summary, name string, conc int) (median, bool) {
	for _, m := range sum.Medians {
		if m.Phase == name && (conc == 0 || m.Conc == conc) {
			return m, true
		}
	}
	return median{}, false
}

func targets(sum *summary) []target {
	var out []target
	if v, ok := sum.Ratios["post_over_baseline_normal"].(float64); ok {
		out = append(out, goal("POST req/s ÷ baseline (sync=normal)", "≥ 0.40", fmt.Sprintf("%.3f", v), v >= 0.40))
	}
	if v, ok := sum.Ratios["post_over_baseline_postgres"].(float64); ok {
		out = append(out, goal("POST req/s ÷ baseline (PostgreSQL)", "≥ 0.40", fmt.Sprintf("%.3f", v), v >= 0.40))
	}
	if v, ok := sum.Ratios["get_over_baseline"].(float64); ok {
		out = append(out, goal("GET req/s ÷ baseline", "≥ 0.50", fmt.Sprintf("%.3f", v), v >= 0.50))
	}
	if m, ok := findMedian(sum, "list filtered+ordered (total)", 1); ok {
		out = append(out, goal("list p99, 1 client, total counted", "≤ 10 ms", fmt.Sprintf("%.2f ms", m.P99ms), m.P99ms <= 10))
	}
	if m, ok := findMedian(sum, "list filtered+ordered (total=false)", 1); ok {
		out = append(out, goal("list p99, 1 client, total=false", "≤ 10 ms", fmt.Sprintf("%.2f ms", m.P99ms), m.P99ms <= 10))
	}
	var bad, subBad int64
	var seen, subSeen bool
	for _, m := range sum.Medians {
		switch {
		case m.Conc <= 1 || m.Phase == "baseline POST (bare net/http)":
		case isSubPhase(m.Phase):
			subBad += m.Errors + m.Timeouts
			subSeen = true
		default:
			bad += m.Errors + m.Timeouts
			seen = true
		}
	}
	if seen {
		out = append(out, goal("timeouts/errors at 32 clients (all runs)", "0", strconv.FormatInt(bad, 10), bad == 0))
	}
	var worst float64
	for _, v := range sum.MaxRSSMB {
		if f, ok := v.(float64); ok {
			worst = max(worst, f)
		}
	}
	if worst > 0 {
		out = append(out, goal("server max RSS", "≤ 200 MB", fmt.Sprintf("%.1f MB", worst), worst <= 200))
	}
	// Subprofiles have no targets of their own: reported only.
	if v, ok := sum.Ratios["post_subprofile_over_baseline"].(float64); ok {
		m, _ := findMedian(sum, phasePostSub, 0)
		out = append(out, report("POST subprofile req/s ÷ baseline", fmt.Sprintf("%.3f (%.0f req/s)", v, m.RPS)))
	}
	for _, v := range []struct{ name, label string }{{phaseSubListTotal, "total counted"}, {phaseSubListNoTotal, "total=false"}} {
		if m, ok := findMedian(sum, v.name, 1); ok {
			out = append(out, report("subprofile list p50 / p99, 1 client, "+v.label, fmt.Sprintf("%.2f / %.2f ms", m.P50ms, m.P99ms)))
		}
		for _, m := range sum.Medians {
			if m.Phase == v.name && m.Conc > 1 {
				out = append(out, report(fmt.Sprintf("subprofile list, %d clients, %s: req/s, p50 / p99, timeouts", m.Conc, v.label),
					fmt.Sprintf("%.0f, %.0f / %.0f ms, %d", m.RPS, m.P50ms, m.P99ms, m.Timeouts)))
			}
		}
	}
	if subSeen {
		out = append(out, report("subprofile timeouts/errors at 32 clients (all runs)", strconv.FormatInt(subBad, 10)))
	}
	return out
}

func printTables(w io.Writer, sum *summary) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\nKopernik load benchmark on %s — %d profiles (seeding %s)", sum.engine, sum.Seeding.Profiles, seedText(sum.Seeding))
	if s := sum.Seeding.Sub; s != nil {
		fmt.Fprintf(w, ", %d subprofiles over %d profiles (seeding %s)", s.Subprofiles, s.Parents, subSeedText(*s))
	}
	fmt.Fprintf(w, ", %v run(s) per server mode, %s per phase, commit %s\n", sum.Config["runs"], sum.Config["duration"], sum.Machine.Commit)
	fmt.Fprintf(w, "machine: nproc %d, %s, %s, %s\n\n", sum.Machine.NumCPU, sum.Machine.CPUModel, sum.Machine.MemTotal, sum.Machine.GoVersion)

	fmt.Fprintln(w, "Per run:")
	fmt.Fprintln(tw, "mode\trun\tphase\tc\treq/s\tp50 ms\tp99 ms\tmax ms\tok\terrors\ttimeouts\tRSS MB\t")
	for _, r := range sum.Runs {
		for _, p := range r.Phases {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%.0f\t%.2f\t%.2f\t%.1f\t%d\t%d\t%d\t%s\t\n", r.Sync, r.Run, p.Phase, p.Conc,
				p.RPS, p.P50ms, p.P99ms, p.Maxms, p.OK, p.Errors, p.Timeouts, rssCell(p.MaxRSSMB))
		}
		fmt.Fprintf(tw, "%s\t%d\tload avg before: %s\t\t\t\t\t\t\t\t\t\t\n", r.Sync, r.Run, r.LoadAvgBefore)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nMedians over runs:")
	fmt.Fprintln(tw, "mode\tphase\tc\truns\treq/s\tp50 ms\tp99 ms\terrors (all runs)\ttimeouts (all runs)\t")
	for _, m := range sum.Medians {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%.2f\t%.2f\t%d\t%d\t\n", m.Sync, m.Phase, m.Conc, m.Runs, m.RPS, m.P50ms, m.P99ms, m.Errors, m.Timeouts)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nRatios (median of per-run ratios) and max RSS:")
	for _, k := range []string{"post_over_baseline_normal", "post_over_baseline_full", "post_over_baseline_postgres",
		"get_over_baseline", "post_subprofile_over_baseline"} {
		if v, ok := sum.Ratios[k]; ok {
			fmt.Fprintf(w, "  %-30s %.3f\n", k, v)
		}
	}
	for _, k := range sum.modes {
		if v, ok := sum.MaxRSSMB[k]; ok {
			fmt.Fprintf(w, "  server max RSS (%s)%s %.1f MB\n", k, strings.Repeat(" ", max(1, 16-len(k))), v)
		}
	}
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range sum.Targets {
		state := "report only"
		if t.Met != nil {
			state = "NOT MET"
			if *t.Met {
				state = "met"
			}
		}
		fmt.Fprintf(w, "  %-66s goal %-8s actual %-24s %s\n", t.What, t.Goal, t.Actual, state)
	}
	fmt.Fprintln(w)
}

func seedText(s seedResult) string {
	if s.Skipped {
		return "reused"
	}
	return fmt.Sprintf("%.0f profiles/s in %.1f s", s.PerSecond, s.Seconds)
}

// ---------------------------------------------------------------------------
// Small helpers

func machineInfo() machine {
	m := machine{NumCPU: runtime.NumCPU(), GoVersion: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				f := strings.Fields(rest)
				if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
					m.MemTotal = fmt.Sprintf("%.1f GiB RAM", kb/(1<<20))
				}
			}
		}
	}
	if out, err := exec.Command("git", "describe", "--always", "--dirty").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// redact hides the value of every access_token parameter in s.
func redact(s string) string {
	const key = "access_token="
	var b strings.Builder
	for {
		i := strings.Index(s, key)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+len(key)] + "…")
		s = s[i+len(key):]
		if j := strings.IndexAny(s, "&\" \n"); j >= 0 {
			s = s[j:]
		} else {
			s = ""
		}
	}
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return strings.TrimSpace(string(b))
	}
	return strings.Join(f[:3], " ")
}

func med(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round(a/b, 3)
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }

func mb(b int64) float64 { return round(float64(b)/(1<<20), 1) }

func syncSuffix(s string) string {
	switch s {
	case "":
		return ""
	case "postgres":
		return " [postgres]"
	}
	return " [sync=" + s + "]"
}

func rssSuffix(v float64) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprintf("  server RSS max %.1f MB", v)
}

func rssCell(v float64) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}
