//go:build linux

// Command imports measures bulk imports and exports on the real binary over
// loopback: a generated CSV with the load bench's 10 fields (4 indexed) is
// imported into an empty database through POST imports (a `location` served
// by this program on 127.0.0.1), then imported again with `update or add` on
// the indexed e-mail key (half the rows match), then exported with
// `kopernik export` while the server runs. Beside each figure it reports the
// server's RSS and the p99 of GET profile from one client during the import,
// and, as the reference of the same run on the same machine, the rate at
// which SQLite itself inserts the same rows into the same table shape in
// large transactions.
//
//	go run ./bench/imports -rows 1000000
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

type config struct {
	rows     int
	bin      string
	dir      string
	postgres string
	batch    int
	skipBase bool
	noReader bool
	phases   bool
	schema   string
}

// result is the summary, printed as JSON at the end.
type result struct {
	Rows          int     `json:"rows"`
	Engine        string  `json:"engine"`
	CSVMB         float64 `json:"csv_mb"`
	BaselineRate  float64 `json:"sqlite_raw_insert_rows_per_s,omitempty"`
	EmptyRate     float64 `json:"import_empty_rows_per_s"`
	EmptyApply    float64 `json:"import_empty_apply_rows_per_s"`
	EmptyS        float64 `json:"import_empty_s"`
	EmptyCPUS     float64 `json:"import_empty_server_cpu_s"`
	UpsertCPUS    float64 `json:"update_or_add_server_cpu_s"`
	UpsertRate    float64 `json:"update_or_add_rows_per_s"`
	UpsertApply   float64 `json:"update_or_add_apply_rows_per_s"`
	UpsertS       float64 `json:"update_or_add_s"`
	ExportRate    float64 `json:"export_rows_per_s"`
	ExportS       float64 `json:"export_s"`
	MaxRSSMB      float64 `json:"server_max_rss_mb"`
	GetP99EmptyMS float64 `json:"get_profile_p99_ms_during_empty_import"`
	GetP99UpsMS   float64 `json:"get_profile_p99_ms_during_update_or_add"`
	GetCount      int     `json:"get_profile_requests"`
}

func main() {
	var c config
	flag.IntVar(&c.rows, "rows", 1000000, "rows of the generated CSV")
	flag.StringVar(&c.bin, "bin", "", "kopernik binary (default: built from ./cmd/kopernik)")
	flag.StringVar(&c.dir, "dir", "", "work directory (default: a new temporary one, removed afterwards)")
	flag.StringVar(&c.postgres, "postgres", "", "PostgreSQL URL DSN: measure the PostgreSQL engine instead of SQLite, in a new schema (dropped afterwards)")
	flag.IntVar(&c.batch, "batch-rows", 5000, "rows per import transaction (serve --import-batch-rows)")
	flag.BoolVar(&c.skipBase, "skip-baseline", false, "skip the SQLite raw insert reference")
	flag.BoolVar(&c.phases, "phases", false, "print the server's import phase log lines (fetch, count, apply, index rebuild) at the end")
	flag.StringVar(&c.schema, "schema-prefix", "bench_imports", "prefix of the PostgreSQL schema made for the run (a timestamp follows)")
	flag.BoolVar(&c.noReader, "no-reader", false, "no GET profile client during the imports (development: the import's rate alone)")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		fmt.Fprintln(os.Stderr, "bench/imports:", err)
		os.Exit(1)
	}
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", a...)
}

func run(ctx context.Context, c config) error {
	if c.dir == "" {
		d, err := os.MkdirTemp("", "kopernik-bench-imports")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		c.dir = d
	}
	if c.bin == "" {
		c.bin = filepath.Join(c.dir, "kopernik")
		logf("building %s", c.bin)
		b := exec.Command("go", "build", "-o", c.bin, "./cmd/kopernik")
		b.Stdout, b.Stderr = os.Stderr, os.Stderr
		if err := b.Run(); err != nil {
			return fmt.Errorf("building kopernik: %w", err)
		}
	}
	res := result{Rows: c.rows, Engine: "sqlite"}
	if c.postgres != "" {
		res.Engine = "postgres"
		dsn, drop, err := pgSchema(ctx, c.postgres, c.schema)
		if err != nil {
			return err
		}
		defer drop()
		c.postgres = dsn
	}
	first := filepath.Join(c.dir, "people.csv")
	second := filepath.Join(c.dir, "people-half-match.csv")
	logf("generating %d rows", c.rows)
	size, err := writeCSV(first, c.rows, 0)
	if err != nil {
		return err
	}
	res.CSVMB = round(float64(size)/(1<<20), 1)
	// Rows n/2 … 3n/2: the first half are in the database, the second are new.
	if _, err := writeCSV(second, c.rows, c.rows/2); err != nil {
		return err
	}
	settle()
	if !c.skipBase {
		rate, err := baseline(filepath.Join(c.dir, "baseline"), first)
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		res.BaselineRate = round(rate, 0)
		logf("SQLite raw insert of the same rows: %.0f rows/s", rate)
		if err := os.RemoveAll(filepath.Join(c.dir, "baseline")); err != nil {
			return err
		}
		settle()
	}
	if err := measure(ctx, c, first, second, &res); err != nil {
		return err
	}
	out, _ := json.MarshalIndent(res, "", "  ")
	fmt.Println(string(out))
	return nil
}

// settle writes the previous step's files out before the next step is
// measured: the kernel flushed the 90 MB CSVs and the baseline's database
// while the import ran, and the same binary measured 55,000 rows/s after
// the baseline and 77,000 without it.
func settle() { syscall.Sync() }

func round(v float64, digits int) float64 {
	p := 1.0
	for i := 0; i < digits; i++ {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}
