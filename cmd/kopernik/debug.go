package main

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// serveDebug exposes Go's profiler on its own listener, never on the API
// port: profiles reveal internals and must not be reachable with a token.
func serveDebug(addr string, log *slog.Logger) (close func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Info("debug listening", "addr", ln.Addr().String())
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}

// serveMetrics serves /metrics on an address of its own (--metrics-listen),
// e.g. one only the monitoring network reaches.
func serveMetrics(addr string, h http.Handler, log *slog.Logger) (close func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Info("metrics listening", "addr", ln.Addr().String(), "url", listenURL(ln.Addr())+"/metrics")
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}
