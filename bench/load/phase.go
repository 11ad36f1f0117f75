//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

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
