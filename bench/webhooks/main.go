//go:build linux

// Command webhooks measures what webhook delivery costs the API and whether
// delivery keeps up, against the real server binary on fresh SQLite data
// dirs and a receiver in this process, all on loopback:
//
//  1. POST /v3/database/{id}/profiles at -c clients for -duration, against a
//     server without webhooks and one with one `create` webhook to a fast
//     receiver, alternating which goes first, -runs times: the median ratio
//     of their req/s, and the hooked server's delivery rate meanwhile.
//  2. POST at a fixed rate (-rate, default 80% of the delivery rate measured
//     in 1) for -sustain: the backlog (GET webhook/{id} `pending`) every 5 s,
//     and the delivery latency from the POST's answer to the receiver's
//     arrival (p50, p99).
//  3. POST at -c clients with a receiver that never answers (the server's
//     --webhook-timeout ends each attempt): req/s against the bare server of
//     the same run, and the server's VmRSS at the start, maximum and end.
//
// With -cpuprofile FILE the hooked server of the first run is profiled for
// the length of its phase (go tool pprof -top FILE).
//
// Every phase is bounded by -duration or -sustain and -max-requests, each
// request by -timeout, the whole run by -deadline; servers are stopped at
// the end. Run it from the repository root:
//
//	go run ./bench/webhooks -duration 10s -runs 3 -sustain 60s
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

type config struct {
	bin         string
	conc        int
	duration    time.Duration
	sustain     time.Duration
	rate        float64
	runs        int
	maxRequests int64
	timeout     time.Duration
	hookTimeout time.Duration
	deadline    time.Duration
	cpuProfile  string
	signed      bool
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "", "kopernik binary (default: go build ./cmd/kopernik into a temp dir)")
	flag.IntVar(&cfg.conc, "c", 16, "concurrent clients of the POST phases")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Second, "length of each throughput phase")
	flag.DurationVar(&cfg.sustain, "sustain", 60*time.Second, "length of the fixed-rate phase")
	flag.Float64Var(&cfg.rate, "rate", 0, "POST rate of the fixed-rate phase (0: 80% of the delivery rate measured in phase 1)")
	flag.IntVar(&cfg.runs, "runs", 3, "alternating pairs of throughput phases (medians are reported)")
	flag.Int64Var(&cfg.maxRequests, "max-requests", 2_000_000, "most requests of one phase")
	flag.DurationVar(&cfg.timeout, "timeout", 5*time.Second, "timeout of each API request")
	flag.DurationVar(&cfg.hookTimeout, "webhook-timeout", 2*time.Second, "the server's --webhook-timeout in phase 3")
	flag.DurationVar(&cfg.deadline, "deadline", 30*time.Minute, "upper bound of the whole run")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the first hooked server's phase here")
	flag.BoolVar(&cfg.signed, "signed", true, "sign deliveries (false: --webhook-unsigned, to see what signing costs)")
	flag.Parse()
	if cfg.conc < 1 || cfg.runs < 1 || cfg.duration <= 0 || cfg.sustain <= 0 {
		fatalf("-c, -runs, -duration and -sustain must be positive")
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.deadline)
	defer cancel()
	if cfg.bin == "" {
		dir, err := os.MkdirTemp("", "kopernik-webhook-bench")
		if err != nil {
			fatalf("%v", err)
		}
		defer os.RemoveAll(dir)
		cfg.bin = filepath.Join(dir, "kopernik")
		build := exec.CommandContext(ctx, "go", "build", "-o", cfg.bin, "./cmd/kopernik")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fatalf("building kopernik: %v", err)
		}
	}
	if err := run(ctx, cfg); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "webhooks bench: "+format+"\n", a...)
	os.Exit(1)
}
