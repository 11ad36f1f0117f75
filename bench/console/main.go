// Command console measures the admin console's profiles page as a person
// sees it: the real server binary on a seeded SQLite store, the console in
// headless Chromium, and the time from a click to the rows being painted,
// measured inside the page.
//
// Targets (issue 15): on 1,000,000 profiles the first page shows in under
// 1 s, and every further page in under 300 ms.
//
//	go run ./bench/console -data /tmp/kopernik-console-1m -profiles 1000000
//	go run ./bench/console -profiles 100000            # a temp dir, removed afterwards
//
// A data dir already seeded by bench/load (database "loadbench") is reused:
//
//	go run ./bench/console -data /tmp/kload-official -profiles 1000000
//
// Loopback only; bounded by -deadline.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/kopernik/kopernik/internal/browser"
	"github.com/kopernik/kopernik/internal/procserver"
)

type config struct {
	bin      string
	data     string
	profiles int
	pages    int
	runs     int
	deadline time.Duration
	jsonOut  string
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "", "kopernik binary (default: go build ./cmd/kopernik into a temp dir)")
	flag.StringVar(&cfg.data, "data", "", "SQLite data dir; reused when already seeded (default: a temp dir, removed at the end)")
	flag.IntVar(&cfg.profiles, "profiles", 1_000_000, "profiles to seed")
	flag.IntVar(&cfg.pages, "pages", 20, "pages to step through in each paging scenario")
	flag.IntVar(&cfg.runs, "runs", 5, "first-page measurements per scenario (the median is reported)")
	flag.DurationVar(&cfg.deadline, "deadline", time.Hour, "upper bound of the whole run, seeding included")
	flag.StringVar(&cfg.jsonOut, "json", "", "write the results as JSON to this file")
	flag.Parse()
	if cfg.profiles < 1 || cfg.pages < 1 || cfg.runs < 1 {
		fatalf("-profiles, -pages and -runs must be positive")
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.deadline)
	defer cancel()
	if err := run(ctx, cfg); err != nil {
		fatalf("%v", err)
	}
}

func run(ctx context.Context, cfg config) error {
	tmp, err := os.MkdirTemp("", "kopernik-console-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if cfg.data == "" {
		cfg.data = filepath.Join(tmp, "data")
	}
	if cfg.bin == "" {
		cfg.bin = filepath.Join(tmp, "kopernik")
		build := exec.CommandContext(ctx, "go", "build", "-o", cfg.bin, "./cmd/kopernik")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building kopernik: %w", err)
		}
	}
	db, err := seed(ctx, cfg.data, cfg.profiles)
	if err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	cmd := procserver.Command{Bin: cfg.bin, Store: []string{"--data", cfg.data}}
	token, err := cmd.CreateToken(ctx, "console-bench")
	if err != nil {
		return err
	}
	slog := &serverLog{}
	srv, err := cmd.Serve(ctx, slog)
	if err != nil {
		return err
	}
	defer srv.Stop(30 * time.Second)
	bctx, stop, err := browser.Start(context.Background(), browser.Options{})
	if err != nil {
		return err
	}
	defer stop()
	if err := browser.SignIn(bctx, srv.Base, token); err != nil {
		return fmt.Errorf("signing in: %w", err)
	}
	m := &meter{ctx: ctx, b: bctx, db: db}
	res := result{Profiles: cfg.profiles, Machine: machine(), Started: time.Now().Format(time.RFC3339)}
	for _, sc := range scenarios {
		logf("scenario %s", sc.name)
		slog.take()
		r, err := m.scenario(sc, cfg)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		r.ServerMS = slog.take()
		res.Scenarios = append(res.Scenarios, r)
	}
	res.print(os.Stdout)
	if cfg.jsonOut != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(cfg.jsonOut, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func machine() string {
	load, _ := os.ReadFile("/proc/loadavg")
	return fmt.Sprintf("%d CPUs, %s, load %s", runtime.NumCPU(), runtime.Version(), strings.Join(strings.Fields(string(load))[:3], " "))
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05")+" "+format+"\n", a...)
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "console bench: "+format+"\n", a...)
	os.Exit(1)
}
