//go:build linux

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
)

// The two servers of -metrics-overhead, as they appear in the tables.
const (
	metricsOff = "metrics off"
	metricsOn  = "metrics on"
)

// measureMetricsOverhead runs GET profile against a server with
// --metrics=false and one with metrics on, cfg.runs times each, and reports
// on ÷ off. The servers take turns on the one store (a SQLite data dir
// belongs to one server at a time), and which goes first alternates between
// runs, so that a machine warming up or cooling down weighs on both alike.
func measureMetricsOverhead(ctx context.Context, cfg config, bin string, be backend, token string, seed seedResult, sum *summary) error {
	mode := cfg.sync
	if be.pg() {
		mode = "postgres"
	}
	sum.modes = []string{metricsOff, metricsOn}
	tq := "access_token=" + url.QueryEscape(token)
	var ratios []float64
	for r := 1; r <= cfg.runs; r++ {
		order := []string{metricsOff, metricsOn}
		if r%2 == 0 {
			order = []string{metricsOn, metricsOff}
		}
		rps := map[string]float64{}
		for _, which := range order {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var extra []string
			if which == metricsOff {
				extra = []string{"--metrics=false"}
			}
			srv, err := startServer(ctx, bin, be, mode, extra...)
			if err != nil {
				return err
			}
			rr := runResult{Run: r, Sync: which, LoadAvgBefore: loadAvg()}
			logf("run %d/%d (%s), load average before: %s", r, cfg.runs, which, rr.LoadAvgBefore)
			ids := seed.ids
			get := phase{name: "GET profile", conc: cfg.getConc, want: http.StatusOK,
				mk: func(rng *rand.Rand) *http.Request {
					req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/v3/profile/%d?%s", srv.base, ids[rng.IntN(len(ids))], tq), nil)
					return req
				}}
			res := runPhase(ctx, cfg, get, srv.rss)
			rr.Phases = append(rr.Phases, res)
			rps[which] = res.RPS
			if which == metricsOn {
				if err := checkScrape(ctx, srv.base); err != nil {
					srv.stop()
					return err
				}
			}
			sum.MaxRSSMB[which] = max(mb(srv.rss.max.Load()), floatOf(sum.MaxRSSMB[which]))
			if err := srv.stop(); err != nil {
				return err
			}
			sum.Runs = append(sum.Runs, rr)
		}
		ratios = append(ratios, ratio(rps[metricsOn], rps[metricsOff]))
		logf("  run %d: metrics on ÷ off = %.3f", r, ratios[len(ratios)-1])
	}
	computeMedians(sum)
	for k := range sum.Ratios {
		if strings.HasPrefix(k, "post_over_baseline_") {
			delete(sum.Ratios, k) // no POST phases here
		}
	}
	v := round(med(ratios), 3)
	sum.Ratios["get_metrics_on_over_off"] = v
	sum.Ratios["note"] = "median over runs of (GET profile req/s with metrics on ÷ with --metrics=false)"
	sum.Targets = []target{goal("GET profile req/s, metrics on ÷ off", "≥ 0.95", fmt.Sprintf("%.3f", v), v >= 0.95)}
	return nil
}

// checkScrape makes sure the measured server really had its metrics on: a
// comparison against a server without them would prove nothing.
func checkScrape(ctx context.Context, base string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("scraping /metrics: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("scraping /metrics: status %d: the server had no metrics", res.StatusCode)
	}
	return nil
}

func floatOf(v any) float64 {
	f, _ := v.(float64)
	return f
}
