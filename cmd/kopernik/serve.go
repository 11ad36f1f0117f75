package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/httpapi"
	"github.com/kopernik/kopernik/imports"
	"github.com/kopernik/kopernik/metrics"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/webhook/delivery"
)

type serveOpts struct {
	store       storeOpts
	listen      string
	sync        string
	tz          string
	publicURL   string
	maxBody     int64
	debugListen string
	// strictFilters refuses fields[] conditions Copernica would ignore.
	strictFilters bool
	// admin serves the browser console at /admin/.
	admin bool
	tls   tlsOpts
	// metrics: Prometheus metrics on; metricsListen serves them on an
	// address of their own instead of the API port.
	metrics       bool
	metricsListen string
	// selections: how selection members are kept current.
	selections selectionOpts
	// webhooks: delivery of webhook events (webhooks.go).
	webhooks webhookOpts
	// importAllow lists the hosts POST imports may fetch a location from.
	importAllow []string
	// importBatch is how many rows one import transaction applies.
	importBatch int64
	// importLease is how long a node's claim on an import job holds
	// without progress (PostgreSQL).
	importLease time.Duration
}

func serveCommand() *cli.Command {
	var o serveOpts
	return &cli.Command{
		Name:  "serve",
		Usage: "run the API server",
		Description: "Serves the Copernica REST API (v1-v4) until SIGINT or SIGTERM; in-flight requests finish first.\n" +
			"On SQLite the data dir is locked for the server's lifetime: a second server on it is refused.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Destination: &o.listen, Sources: cli.EnvVars("KOPERNIK_LISTEN"),
				Usage: "address to listen on (host:port; port 0 picks a free one)", Validator: validListen},
		}, append(append(o.store.flags(),
			&cli.StringFlag{Name: "sync", Value: string(sqlite.SyncNormal), Destination: &o.sync, Sources: cli.EnvVars("KOPERNIK_SYNC"),
				Usage: "SQLite durability: normal survives a crash of the process, full also a power loss", Validator: validSync},
			&cli.StringFlag{Name: "tz", Value: "Europe/Amsterdam", Destination: &o.tz, Sources: cli.EnvVars("KOPERNIK_TZ"),
				Usage: "time zone of timestamps and dates without one", Validator: validZone},
			&cli.StringFlag{Name: "public-url", Destination: &o.publicURL, Sources: cli.EnvVars("KOPERNIK_PUBLIC_URL"),
				Usage: "scheme://host for Location headers, instead of the request's Host", DefaultText: "the request's Host",
				Validator: validPublicURL},
			&cli.Int64Flag{Name: "max-body", Value: 32 << 20, Destination: &o.maxBody, Sources: cli.EnvVars("KOPERNIK_MAX_BODY"),
				Usage: "largest request body in bytes", Validator: positive},
			&cli.StringFlag{Name: "debug-listen", Destination: &o.debugListen, Sources: cli.EnvVars("KOPERNIK_DEBUG_LISTEN"),
				Usage: "address for Go's profiler (/debug/pprof/), without a token: keep it on loopback", DefaultText: "off",
				Validator: validOptionalListen},
			&cli.BoolFlag{Name: "strict-filters", Destination: &o.strictFilters, Sources: cli.EnvVars("KOPERNIK_STRICT_FILTERS"),
				Usage:       "refuse a fields[] condition on an unknown field or with an unknown operator (400) instead of ignoring it as Copernica does",
				DefaultText: "off"},
			&cli.BoolFlag{Name: "metrics", Value: true, Destination: &o.metrics, Sources: cli.EnvVars("KOPERNIK_METRICS"),
				Usage: "serve Prometheus metrics at /metrics (without a token); --metrics=false turns them off", DefaultText: "on"},
			&cli.StringFlag{Name: "metrics-listen", Destination: &o.metricsListen, Sources: cli.EnvVars("KOPERNIK_METRICS_LISTEN"),
				Usage: "serve /metrics only on this address instead of the API port", DefaultText: "the API port",
				Validator: validOptionalListen},
			adminFlag(&o.admin),
			&cli.StringSliceFlag{Name: "import-fetch-allow", Destination: &o.importAllow, Sources: cli.EnvVars("KOPERNIK_IMPORT_FETCH_ALLOW"),
				Usage:       "hosts an import's location may be fetched from: names, *.domain, * (public addresses), addresses or CIDR ranges; loopback and private addresses only when listed",
				DefaultText: "off: a location is refused",
				Validator:   func(v []string) error { _, err := imports.NewFetcher(imports.FetchConfig{Allow: v}); return err }},
			&cli.Int64Flag{Name: "import-batch-rows", Value: 5000, Destination: &o.importBatch, Sources: cli.EnvVars("KOPERNIK_IMPORT_BATCH_ROWS"),
				Usage: "rows an import applies per transaction (each commit also records the job's progress)", Validator: positive},
			&cli.DurationFlag{Name: "import-lease", Value: 30 * time.Second, Destination: &o.importLease, Sources: cli.EnvVars("KOPERNIK_IMPORT_LEASE"),
				Usage:     "PostgreSQL: how long a node's claim on an import holds without renewal (the running node renews it every third of this); a job whose node died resumes on a node (or the restarted one) after this",
				Validator: positiveDuration},
		), append(o.tls.flags(), append(o.selections.flags(), o.webhooks.flags()...)...)...)...),
		ArgValidator: noArgs,
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := o.store.check(cmd); err != nil {
				return err
			}
			if err := o.tls.check(cmd, &o.store); err != nil {
				return err
			}
			if _, err := o.webhooks.rules(); err != nil {
				return usagef(cmd, "--webhook-allow-host: %v", err)
			}
			if o.webhooks.lease > 0 && o.webhooks.lease <= o.webhooks.timeout {
				return usagef(cmd, "--webhook-lease must be longer than --webhook-timeout (%s)", o.webhooks.timeout)
			}
			if !o.metrics && o.metricsListen != "" {
				return usagef(cmd, "--metrics-listen (KOPERNIK_METRICS_LISTEN) serves the metrics that --metrics=false turns off: choose one")
			}
			return serve(ctx, &o, cmd.ErrWriter)
		}),
	}
}

func serve(ctx context.Context, o *serveOpts, stderr io.Writer) error {
	loc, err := time.LoadLocation(o.tz)
	if err != nil {
		return err
	}
	logOut := newLogBuffer(stderr)
	defer logOut.Close()
	log := slog.New(slog.NewJSONHandler(logOut, nil))
	slog.SetDefault(log)

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	var reg *metrics.Registry
	storeOpts := sqlstore.Options{Loc: loc}
	if o.metrics {
		reg = metrics.New(versionString())
		storeOpts.WriterStats = reg
	}
	isNew := o.store.isNew()
	tuneGC(o.store.sqlite())
	st, err := o.store.openExclusive(ctx, "serve", storeOpts, sqlite.Sync(o.sync))
	if err != nil {
		return err
	}
	if isNew {
		log.Info("created a new data dir", "dir", absPath(o.store.data))
	}
	st.ConfigureSelections(o.selections.options())
	toks, err := st.ListTokens(ctx)
	if err != nil {
		st.Close()
		return err
	}
	if countLive(toks) == 0 {
		logOut.Flush() // the hint must not overtake the lines before it
		fmt.Fprintf(stderr, "\nNo API token exists yet. Create one with:\n\n    %s\n\nand pass it as ?access_token=TOKEN or as 'Authorization: Bearer TOKEN'.\n\n",
			tokenCreateHint(executable(), &o.store))
	}

	var tlsOn *tlsSetup
	if o.tls.enabled() {
		if tlsOn, err = o.tls.setup(&o.store, o.listen, o.publicURL); err != nil {
			st.Close()
			return err
		}
	}

	cfg := httpapi.Config{Loc: loc, PublicURL: o.publicURL, MaxBody: o.maxBody, Logger: log,
		StrictFilters: o.strictFilters, Version: versionString()}
	// Webhook deliveries run beside the API until it has shut down; the
	// store closes after them, so settled attempts are written.
	hooks, err := o.webhooks.engine(ctx, st.Store, loc, "1", log, delivery.Metrics(reg.Registerer(), st.Store))
	if err != nil {
		st.Close()
		return err
	}
	if cfg.Webhooks, err = o.webhooks.rules(); err != nil {
		st.Close()
		return err
	}
	hookCtx, stopHooks := context.WithCancel(context.Background())
	hooksDone := make(chan struct{})
	go func() { defer close(hooksDone); hooks.Run(hookCtx) }()
	defer func() { stopHooks(); <-hooksDone }()
	if reg != nil {
		cfg.Observer = reg
		if o.metricsListen == "" {
			cfg.Metrics = reg.Handler()
		}
	}
	fetcher, err := imports.NewFetcher(imports.FetchConfig{Allow: o.importAllow})
	if err != nil {
		st.Close()
		return err
	}
	cfg.ImportFetcher = fetcher
	api := httpapi.New(st, cfg)
	// The import worker applies stored jobs in the background, also those
	// a crash interrupted.
	importCtx, stopImports := context.WithCancel(context.Background())
	importsDone := make(chan struct{})
	go func() {
		defer close(importsDone)
		st.RunImports(importCtx, sqlstore.ImportConfig{Fetcher: fetcher, Log: log, BatchRows: int(o.importBatch), Lease: o.importLease})
	}()
	defer func() { stopImports(); <-importsDone }()
	if reg != nil {
		reg.WatchStore(st.Store)
		reg.WatchAPI(api)
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		st.Close()
		return err
	}
	srv := &http.Server{
		Handler:           withConsole(api, o.admin),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		// OPTIONS * must get Copernica's Invalid method, not Go's built-in 200.
		DisableGeneralOptionsHandler: true,
		// net/http's own complaints (failed TLS handshakes, mostly) join the
		// JSON log instead of breaking its lines.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if o.debugListen != "" {
		closeDebug, err := serveDebug(o.debugListen, log)
		if err != nil {
			srv.Close()
			st.Close()
			return err
		}
		defer closeDebug()
	}
	if reg != nil && o.metricsListen != "" {
		closeMetrics, err := serveMetrics(o.metricsListen, reg.Handler(), log)
		if err != nil {
			srv.Close()
			st.Close()
			return err
		}
		defer closeMetrics()
	}
	addr := ln.Addr().String()
	attrs := []any{"addr", addr, "url", listenURL(ln.Addr()), "store", o.store.describe()}
	if o.store.sqlite() {
		attrs = append(attrs, "sync", o.sync)
	}
	if tlsOn != nil {
		attrs = append(attrs, "tls_url", "https"+strings.TrimPrefix(listenURL(ln.Addr()), "http"))
		attrs = append(attrs, tlsOn.attrs...)
	}
	log.Info("listening", attrs...)
	logOut.Flush() // whoever started the server waits for this line
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(tlsOn.listen(ln)) }()

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			st.Close()
			return err
		}
	case <-ctx.Done():
	}
	log.Info("shutting down")
	// In-flight requests finish; each write is answered only after its commit,
	// so nothing acknowledged is lost and nothing half-written stays behind.
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	serr := srv.Shutdown(sctx)
	stopImports()
	<-importsDone
	if err := api.Close(sctx); err != nil {
		log.Warn("flushing counters", "err", err)
	}
	stopHooks()
	<-hooksDone
	if err := st.Close(); err != nil {
		return err
	}
	log.Info("stopped")
	return serr
}

// listenURL is the URL to paste into a client. A wildcard address is not one
// a client can connect to, so it is shown as the loopback address that
// reaches it from this machine.
func listenURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	ip := tcp.IP
	if ip.IsUnspecified() {
		if ip.To4() != nil {
			ip = net.IPv4(127, 0, 0, 1)
		} else {
			ip = net.IPv6loopback
		}
	}
	return "http://" + net.JoinHostPort(ip.String(), fmt.Sprint(tcp.Port))
}

func countLive(toks []kopernik.Token) int {
	n := 0
	for _, t := range toks {
		if !t.Revoked {
			n++
		}
	}
	return n
}
