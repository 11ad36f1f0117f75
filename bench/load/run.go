//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// run seeds the store, starts the baseline, measures every server mode in
// turn and then reports; the deferred clean-ups run even when a phase fails.
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

	if cfg.views > 0 {
		if err := measureViewsOverhead(ctx, cfg, bin, be, token, seed, &sum); err != nil {
			return err
		}
		return finish(cfg, &sum)
	}

	if cfg.metricsOverhead {
		if err := measureMetricsOverhead(ctx, cfg, bin, be, token, seed, &sum); err != nil {
			return err
		}
		return finish(cfg, &sum)
	}

	base, err := startBaseline()
	if err != nil {
		return err
	}
	defer base.close()

	if cfg.selections {
		if err := measureSelections(ctx, cfg, bin, be, token, base.url, seed, &sum); err != nil {
			return err
		}
		return finish(cfg, &sum)
	}

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
	return finish(cfg, &sum)
}

// finish prints the tables and writes the JSON summary.
func finish(cfg config, sum *summary) error {
	printTables(os.Stdout, sum)
	if cfg.jsonOut != "" {
		raw, err := json.MarshalIndent(sum, "", "  ")
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
