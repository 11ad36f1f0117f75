//go:build linux

package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// load POSTs profiles from c clients until d passes or max requests were
// sent; it returns the successful requests per second. onAck hears of every
// acknowledged profile.
func load(ctx context.Context, s *server, c int, d time.Duration, max int64, onAck func(id string, at time.Time)) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var sent, ok atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n := sent.Add(1)
				if n > max {
					return
				}
				id, err := s.postProfile(n)
				if err != nil {
					if ctx.Err() == nil {
						firstErr.CompareAndSwap(nil, err)
					}
					continue
				}
				ok.Add(1)
				if onAck != nil {
					onAck(id, time.Now())
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, err
	}
	return float64(ok.Load()) / time.Since(start).Seconds(), nil
}

// paced POSTs at rate requests per second from up to c clients for d.
func paced(ctx context.Context, s *server, c int, rate float64, d time.Duration, onAck func(id string, at time.Time)) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	tickets := make(chan int64, c)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range tickets {
				id, err := s.postProfile(n)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				onAck(id, time.Now())
			}
		}()
	}
	start := time.Now()
	var n int64
	for ctx.Err() == nil {
		due := int64(time.Since(start).Seconds() * rate)
		for ; n < due; n++ {
			select {
			case tickets <- n:
			case <-ctx.Done():
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	close(tickets)
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return err
	}
	return nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func percentile(xs []time.Duration, p float64) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return s[i]
}

func run(ctx context.Context, cfg config) error {
	fast, err := newReceiver(false)
	if err != nil {
		return err
	}
	defer fast.close()

	// Phase 1: throughput with and without one webhook, alternating.
	var bare, hooked, ratios, delivery []float64
	for r := range cfg.runs {
		order := []bool{false, true}
		if r%2 == 1 {
			order = []bool{true, false}
		}
		for _, withHook := range order {
			handler := ""
			if withHook {
				handler = fast.url
			}
			s, err := startServer(ctx, cfg, handler)
			if err != nil {
				return err
			}
			var prof chan error
			if withHook && r == 0 && cfg.cpuProfile != "" {
				prof = make(chan error, 1)
				go func() { prof <- s.cpuProfile(cfg.duration, cfg.cpuProfile) }()
			}
			before := fast.delivered()
			start := time.Now()
			rps, err := load(ctx, s, cfg.conc, cfg.duration, cfg.maxRequests, nil)
			elapsed := time.Since(start)
			if withHook {
				// Deliveries made while the POSTs ran: the rate delivery keeps
				// under full write load.
				delivery = append(delivery, float64(fast.delivered()-before)/elapsed.Seconds())
			}
			if prof != nil {
				if perr := <-prof; perr != nil {
					fmt.Println("cpu profile:", perr)
				}
			}
			s.stop()
			if err != nil {
				return err
			}
			if withHook {
				hooked = append(hooked, rps)
			} else {
				bare = append(bare, rps)
			}
			fmt.Printf("run %d %-12s POST %8.0f req/s\n", r+1, map[bool]string{false: "no webhook", true: "one webhook"}[withHook], rps)
		}
		ratios = append(ratios, hooked[r]/bare[r])
	}
	fmt.Printf("\nPOST profile, %d clients, %v per phase, %d runs (medians)\n", cfg.conc, cfg.duration, cfg.runs)
	fmt.Printf("  without webhooks        %8.0f req/s\n", median(bare))
	fmt.Printf("  with one webhook        %8.0f req/s  (%.0f%% of without; target >= 85%%)\n", median(hooked), 100*median(ratios))
	fmt.Printf("  deliveries meanwhile    %8.0f /s     (one webhook, one request at a time)\n", median(delivery))

	// Phase 2: a fixed rate for cfg.sustain.
	rate := cfg.rate
	if rate <= 0 {
		rate = 0.8 * median(delivery)
	}
	s, err := startServer(ctx, cfg, fast.url)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	acks := map[string]time.Time{}
	stopSampling := make(chan struct{})
	var backlog []string
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-t.C:
				if p, err := s.pending(); err == nil {
					backlog = append(backlog, fmt.Sprint(p))
				}
			}
		}
	}()
	err = paced(ctx, s, cfg.conc, rate, cfg.sustain, func(id string, at time.Time) {
		mu.Lock()
		acks[id] = at
		mu.Unlock()
	})
	close(stopSampling)
	<-sampled
	// Let the last events arrive (bounded) before latencies are read.
	for wait := time.Now().Add(30 * time.Second); time.Now().Before(wait); time.Sleep(100 * time.Millisecond) {
		if p, perr := s.pending(); perr == nil && p == 0 {
			break
		}
	}
	s.stop()
	if err != nil {
		return err
	}
	var lat []time.Duration
	missing := 0
	for id, at := range acks {
		if got, ok := fast.arrival(id); ok {
			lat = append(lat, max(got.Sub(at), 0))
		} else {
			missing++
		}
	}
	fmt.Printf("\nfixed rate %.0f POST/s for %v: %d acknowledged, %d not delivered after 30 s more\n", rate, cfg.sustain, len(acks), missing)
	fmt.Printf("  backlog every 5 s: %v\n", backlog)
	fmt.Printf("  delivery latency after the POST's answer: p50 %v, p99 %v (target p99 <= 200ms)\n",
		percentile(lat, 0.5).Round(time.Millisecond), percentile(lat, 0.99).Round(time.Millisecond))

	// Phase 3: a receiver that never answers.
	hang, err := newReceiver(true)
	if err != nil {
		return err
	}
	defer hang.close()
	b, err := startServer(ctx, cfg, "")
	if err != nil {
		return err
	}
	bareStart := b.rss()
	bareRPS, err := load(ctx, b, cfg.conc, cfg.duration, cfg.maxRequests, nil)
	bareEnd := b.rss()
	b.stop()
	if err != nil {
		return err
	}
	h, err := startServer(ctx, cfg, hang.url, "--webhook-timeout", cfg.hookTimeout.String())
	if err != nil {
		return err
	}
	rssStart := h.rss()
	var rssMax atomic.Int64
	stopRSS := make(chan struct{})
	rssDone := make(chan struct{})
	go func() {
		defer close(rssDone)
		for {
			if v := h.rss(); v > rssMax.Load() {
				rssMax.Store(v)
			}
			select {
			case <-stopRSS:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	var rssMid atomic.Int64
	go func() { time.Sleep(cfg.duration / 2); rssMid.Store(h.rss()) }()
	hangRPS, err := load(ctx, h, cfg.conc, cfg.duration, cfg.maxRequests, nil)
	close(stopRSS)
	<-rssDone
	pend, _ := h.pending()
	rssEnd := h.rss()
	h.stop()
	if err != nil {
		return err
	}
	fmt.Printf("\nreceiver that never answers (--webhook-timeout %v): POST %.0f req/s vs %.0f without webhooks (%.0f%%; target >= 85%%)\n",
		cfg.hookTimeout, hangRPS, bareRPS, 100*hangRPS/bareRPS)
	fmt.Printf("  backlog %d events; server RSS start %d MiB, half-way %d MiB, max %d MiB, end %d MiB\n",
		pend, rssStart>>20, rssMid.Load()>>20, rssMax.Load()>>20, rssEnd>>20)
	fmt.Printf("  the server without webhooks under the same load: RSS start %d MiB, end %d MiB\n", bareStart>>20, bareEnd>>20)
	return nil
}
