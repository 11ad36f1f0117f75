package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/httpapi"
)

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	listen := fs.String("listen", env("KOPERNIK_LISTEN", "127.0.0.1:8080"), "address to listen on (KOPERNIK_LISTEN)")
	publicURL := fs.String("public-url", env("KOPERNIK_PUBLIC_URL", ""), "scheme://host for Location headers, instead of the request's Host (KOPERNIK_PUBLIC_URL)")
	maxBody, _ := strconv.ParseInt(env("KOPERNIK_MAX_BODY", strconv.Itoa(32<<20)), 10, 64)
	fs.Int64Var(&maxBody, "max-body", maxBody, "largest request body in bytes (KOPERNIK_MAX_BODY)")
	debugListen := fs.String("debug-listen", env("KOPERNIK_DEBUG_LISTEN", ""), "address for Go's profiler (/debug/pprof/); off when empty; keep it on loopback (KOPERNIK_DEBUG_LISTEN)")
	strictDefault, err := strconv.ParseBool(env("KOPERNIK_STRICT_FILTERS", "false"))
	if err != nil {
		return fmt.Errorf("KOPERNIK_STRICT_FILTERS: %q is not a boolean", env("KOPERNIK_STRICT_FILTERS", ""))
	}
	strictFilters := fs.Bool("strict-filters", strictDefault, "refuse a fields[] condition on an unknown field or with an unknown operator (400) instead of ignoring it as Copernica does (KOPERNIK_STRICT_FILTERS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logOut := newLogBuffer(os.Stderr)
	defer logOut.Close()
	log := slog.New(slog.NewJSONHandler(logOut, nil))
	slog.SetDefault(log)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, loc, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	toks, err := st.ListTokens(ctx)
	if err != nil {
		st.Close()
		return err
	}
	if live := countLive(toks); live == 0 {
		fmt.Fprintf(os.Stderr, "\nNo API token exists yet. Create one with:\n\n    kopernik token create %s\n\nand pass it as ?access_token=TOKEN or as 'Authorization: Bearer TOKEN'.\n\n", sf.where())
	}

	api := httpapi.New(st, httpapi.Config{Loc: loc, PublicURL: *publicURL, MaxBody: maxBody, Logger: log,
		StrictFilters: *strictFilters})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		st.Close()
		return err
	}
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		// OPTIONS * must get Copernica's Invalid method, not Go's built-in 200.
		DisableGeneralOptionsHandler: true,
	}
	if *debugListen != "" {
		closeDebug, err := serveDebug(*debugListen, log)
		if err != nil {
			srv.Close()
			st.Close()
			return err
		}
		defer closeDebug()
	}
	log.Info("listening", "addr", ln.Addr().String(), "store", sf.where(), "sync", sf.sync)
	logOut.Flush() // whoever started the server waits for this line
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

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
	if err := api.Close(sctx); err != nil {
		log.Warn("flushing counters", "err", err)
	}
	if err := st.Close(); err != nil {
		return err
	}
	log.Info("stopped")
	return serr
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
