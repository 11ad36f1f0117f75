package httpapi

import (
	"net/http"
	"strings"
	"time"
)

// RequestObserver hears of every answered request; the metrics implement
// it. Every argument comes from a small fixed set, never from the raw
// path, so that a client sending a million distinct IDs cannot make a
// million time series:
//   - route is the pattern of the row of routes.go that served the request
//     ("profile/{p}"), the path of an open route ("/healthz"),
//     routeUnauthenticated when the token was refused, or routeUnmatched
//     when the router found no row (unknown word, ID or sub-path);
//   - method is GET, POST, PUT, DELETE or OTHER;
//   - version is v1…v4, "unversioned" (served as v2) or "none" (open routes).
type RequestObserver interface {
	Request(route, method, version string, status int, elapsed time.Duration)
}

// Route labels of requests that reached no row.
const (
	routeUnauthenticated = "(unauthenticated)"
	routeUnmatched       = "(unmatched)"
)

const (
	metricsPath = "/metrics"
	openAPIPath = "/openapi.json"
)

func methodLabel(m string) string {
	switch m {
	case GET, POST, PUT, DELETE:
		return m
	}
	return "OTHER"
}

// versionLabel reads the version prefix the same way splitPath does.
func versionLabel(path, route string) string {
	if strings.HasPrefix(route, "/") {
		return "none"
	}
	if len(path) >= 3 && path[0] == '/' && path[1] == 'v' && path[2] >= '1' && path[2] <= '4' && (len(path) == 3 || path[3] == '/') {
		return path[1:3]
	}
	return "unversioned"
}

// TokenCacheStats are the lookups of API tokens (and of the API tokens
// behind JWTs) answered from the 2-second cache and those that read the
// store.
func (s *Server) TokenCacheStats() (hits, misses uint64) {
	return s.tokens.hits.Load(), s.tokens.misses.Load()
}

// RouteLabels are every route label a request can get when metrics are
// served on the API port, for tests and dashboards: the patterns of
// routes.go, the open paths, and the two labels of requests without a row.
func (s *Server) RouteLabels() []string {
	seen := map[string]bool{}
	var out []string
	add := func(l string) {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	for _, r := range routes {
		add(r.pattern)
	}
	for p := range s.open {
		add(p)
	}
	add(routeUnauthenticated)
	add(routeUnmatched)
	return out
}

var _ http.Handler = (*Server)(nil)
