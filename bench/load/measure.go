//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
)

// measureMode starts the server in one sync mode and runs cfg.runs rounds of
// phases against it. It returns the server's maximum RSS in MB.
const phasePostTwoNodes = "POST profiles, two nodes"

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
		if n := srv.log.errLines.Load(); n > 0 {
			logf("server logged %d ERROR lines; first: %s", n, srv.log.firstErrors())
		}
	}()
	logf("server (%s) pid %d listening on %s, RSS %.1f MB", mode, srv.proc.Pid(), srv.proc.Addr, mb(srv.rss.current()))

	tq := "access_token=" + url.QueryEscape(token)
	postURL := fmt.Sprintf("%s/v3/database/%d/profiles?%s", srv.base, seed.DatabaseID, tq)
	var postURL2 string
	if cfg.twoNodes && be.pg() {
		srv2, err := startServer(ctx, bin, be, mode)
		if err != nil {
			return 0, err
		}
		defer func() {
			if err := srv2.stop(); err != nil {
				logf("stopping the second server: %v", err)
			}
		}()
		logf("second server pid %d listening on %s", srv2.proc.Pid(), srv2.proc.Addr)
		postURL2 = fmt.Sprintf("%s/v3/database/%d/profiles?%s", srv2.base, seed.DatabaseID, tq)
	}
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
		if postURL2 != "" {
			// The same clients, each request to either node at random.
			two := phase{name: phasePostTwoNodes, sync: mode, conc: cfg.conc, want: http.StatusCreated, needCreated: true,
				mk: func(rng *rand.Rand) *http.Request {
					if rng.IntN(2) == 0 {
						return post(rng, postURL)
					}
					return post(rng, postURL2)
				}}
			oneRPS := res.RPS
			res = runPhase(ctx, cfg, two, srv.rss)
			rr.Phases = append(rr.Phases, res)
			rr.TwoNodeRatio = ratio(res.RPS, oneRPS)
		}

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
