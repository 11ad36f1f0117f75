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
//	go run ./bench/load -data /tmp/kopernik-load-1m -profiles 1000000 -metrics-overhead -runs 5
//	go run ./bench/load -data /tmp/kopernik-load-1m -profiles 1000000 -selections -runs 5
//
// With -views N the script measures only POST profile, once per run with N
// views (each with three rules and a nested view, built in-process before
// the server starts) and once without any, alternating which goes first,
// and reports the median of with ÷ without:
//
//	go run ./bench/load -data /tmp/kopernik-load-1m -profiles 1000000 -views 10 -runs 5
//
// With -metrics-overhead the script measures only GET profile, once per run
// against a server started with --metrics=false and once against one with
// its metrics on (the default), alternating which goes first, and reports
// the median of on ÷ off.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
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
	// metricsOverhead replaces the usual phases by GET profile against a
	// server with metrics off and one with metrics on, alternately.
	metricsOverhead bool
	// views replaces the usual phases by POST profile with that many views
	// (each with a nested view) defined and without any, alternately.
	views int
	// selections replaces the usual phases by the selection phases
	// (selections.go).
	selections bool
	// twoNodes adds, on PostgreSQL, a POST phase split over two serve
	// processes sharing the schema (issue 13).
	twoNodes bool
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
	flag.BoolVar(&cfg.metricsOverhead, "metrics-overhead", false, "only measure GET profile with --metrics=false and with metrics on, alternating servers each run (issue 14 target: on ≥ 95% of off)")
	flag.IntVar(&cfg.views, "views", 0, "only measure POST profile with this many views (three rules and a nested view each) defined and without any, alternating each run (issue 10 target: with ≥ 70% of without)")
	flag.BoolVar(&cfg.twoNodes, "two-nodes", false, "PostgreSQL only: after the POST phase, run it again with the clients split over two serve processes on the same schema, and report its rate ÷ one node's (issue 13 target: ≥ 1.0)")
	flag.BoolVar(&cfg.selections, "selections", false, "only measure selections: the full rebuild of a view of three rules with a nested view, its member list and the IDs of a 100,000-member view (issue 10 targets)")
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
