// Package httpapi speaks Copernica's REST wire format: paths, versions, tokens,
// request decoding, envelopes, headers and error bodies. Handlers call the
// kopernik.Store and never build SQL; every version difference is in versions.go.
package httpapi

import (
	"context"
	"github.com/kopernik/kopernik/imports"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
	"github.com/kopernik/kopernik/webhook"
)

// Config is what the wire layer needs besides the store.
type Config struct {
	Loc *time.Location
	// PublicURL, when set, is the scheme://host used in Location headers instead
	// of the request's own.
	PublicURL string
	// Limits (conventions C22). MaxConditions caps the conditions of one
	// `fields` list; it is the only place that limit is kept.
	MaxBody       int64
	MaxQuery      int
	MaxConditions int
	// StrictFilters refuses a request whose `fields` list holds a condition
	// Copernica would ignore (unknown field or operator) instead of ignoring
	// it: an opt-in departure from Copernica that turns typos into errors.
	StrictFilters bool
	Account       Account
	Logger        *slog.Logger
	// Now lets tests fix the clock; nil means time.Now.
	Now func() time.Time
	// Observer, when set, hears of every answered request (the metrics).
	Observer RequestObserver
	// Metrics, when set, is served at /metrics without a token.
	Metrics http.Handler
	// Version is Kopernik's version, for the OpenAPI description.
	Version string
	// Webhooks are the configuration's rules for handler URLs (host
	// allow-list, private addresses).
	Webhooks webhook.Rules
	// ImportFetcher fetches the `location` of POST imports; nil refuses a
	// location (the default: fetching is off unless configured).
	ImportFetcher *imports.Fetcher
}

// Account is the identity the server reports (identity/account routes).
type Account struct {
	ID, Name, Description, Company string
}

// Server is the http.Handler of the API.
type Server struct {
	store  kopernik.Store
	cfg    Config
	log    *slog.Logger
	conv   values.Conv
	clock  kopernik.Clock
	tokens *tokenCache
	calls  *callCounter
	// open are the paths answered without a token (openRoutes, and /metrics
	// when this server serves it).
	open map[string]openHandler
	// The OpenAPI description, generated at its first request.
	openAPIOnce sync.Once
	openAPIDoc  []byte
	openAPIErr  error
}

// New builds the handler. Close must be called to flush counters.
func New(store kopernik.Store, cfg Config) *Server {
	if cfg.Loc == nil {
		cfg.Loc = time.UTC
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 32 << 20
	}
	if cfg.MaxQuery <= 0 {
		cfg.MaxQuery = 64 << 10
	}
	if cfg.MaxConditions <= 0 {
		cfg.MaxConditions = 100
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Account.ID == "" {
		cfg.Account = Account{ID: "1", Name: "kopernik", Description: "Self-hosted Kopernik account", Company: "Kopernik"}
	}
	s := &Server{store: store, cfg: cfg, log: cfg.Logger,
		conv:  values.Conv{Loc: cfg.Loc, Now: cfg.Now},
		clock: kopernik.Clock{Loc: cfg.Loc, Now: cfg.Now},
	}
	s.tokens = newTokenCache(store)
	s.calls = newCallCounter(store, s.clock)
	s.open = make(map[string]openHandler, len(openRoutes)+1)
	for path, h := range openRoutes {
		s.open[path] = h
	}
	if cfg.Metrics != nil {
		s.open[metricsPath] = func(s *Server, w http.ResponseWriter, r *http.Request) { s.cfg.Metrics.ServeHTTP(w, r) }
	}
	return s
}

// Close flushes the API call counter.
func (s *Server) Close(ctx context.Context) error { return s.calls.close(ctx) }

// statusWriter remembers the status and the error message for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	errMsg string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// ServeHTTP logs one line per request; the path is logged without the query so
// tokens never reach the log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	route := s.serve(sw, r)
	if o := s.cfg.Observer; o != nil {
		o.Request(route, methodLabel(r.Method), versionLabel(r.URL.Path, route), sw.status, time.Since(start))
	}
	// The record goes straight to the handler: Logger.LogAttrs would walk the
	// stack for a source position on every request, which nobody reads here.
	if h := s.log.Handler(); h.Enabled(r.Context(), slog.LevelInfo) {
		rec := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
		// Milliseconds with microsecond precision: slog writes a bare Duration
		// as nanoseconds with no unit, which readers took for milliseconds.
		ms := math.Round(float64(time.Since(start))/float64(time.Microsecond)) / 1000
		rec.AddAttrs(slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Float64("duration_ms", ms))
		if sw.errMsg != "" {
			rec.AddAttrs(slog.String("error", sw.errMsg))
		}
		_ = h.Handle(r.Context(), rec)
	}
}

// serve answers the request and returns its route label (see
// RequestObserver).
func (s *Server) serve(w http.ResponseWriter, r *http.Request) (route string) {
	var rq *request
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("handler panicked", "panic", p, "path", r.URL.Path)
			writeError(w, http.StatusInternalServerError, "Internal error")
		}
		if rq != nil && rq.row != nil {
			route = rq.row.pattern
		}
	}()
	if open := s.open[r.URL.Path]; open != nil {
		open(s, w, r)
		return r.URL.Path
	}
	if len(r.URL.RawQuery) > s.cfg.MaxQuery {
		writeError(w, http.StatusBadRequest, msgTooLarge)
		return routeUnmatched
	}
	rq, err := s.newRequest(w, r)
	if err != nil {
		s.fail(w, r, err)
		return routeUnmatched
	}
	if err := s.authorize(rq); err != nil {
		rq.fail(err)
		return routeUnauthenticated
	}
	s.calls.add(1)
	if err := s.route(rq); err != nil {
		rq.fail(err)
	}
	return routeUnmatched // unless a row was chosen: see the deferred function
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
