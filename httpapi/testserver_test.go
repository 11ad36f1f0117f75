package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
)

// testAPI is the real handler over a real SQLite store in a temp dir, driven
// in process: fast enough for table-wide route tests, with no binary involved.
type testAPI struct {
	t   testing.TB
	s   *Server
	st  kopernik.Store
	tok string
	log *logBuffer
}

// logBuffer collects the server's JSON log lines; handlers log from request
// goroutines, so it locks.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines returns every log record decoded.
func (l *logBuffer) lines(t testing.TB) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

// newTestAPI opens a fresh SQLite store with one token. wrap, when given,
// puts a wrapper between the handler and the store (to make parts of it fail).
func newTestAPI(t testing.TB, cfg Config, wrap ...func(kopernik.Store) kopernik.Store) *testAPI {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: t.TempDir(), Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := st.CreateToken(ctx, "test", false)
	if err != nil {
		t.Fatal(err)
	}
	var served kopernik.Store = st
	for _, w := range wrap {
		served = w(served)
	}
	a := &testAPI{t: t, st: st, tok: tok, log: &logBuffer{}}
	cfg.Logger = slog.New(slog.NewJSONHandler(a.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a.s = New(served, cfg)
	t.Cleanup(func() {
		a.s.Close(context.Background())
		st.Close()
	})
	return a
}

// do serves one request. path may carry a query; the token is added as
// access_token unless the path names one or an Authorization header is given.
// hdr lists header names and values.
func (a *testAPI) do(method, path, body string, hdr ...string) *httptest.ResponseRecorder {
	a.t.Helper()
	auth := false
	for i := 0; i+1 < len(hdr); i += 2 {
		auth = auth || http.CanonicalHeaderKey(hdr[i]) == "Authorization"
	}
	if !auth && !strings.Contains(path, "access_token=") {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "access_token=" + a.tok
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	a.s.ServeHTTP(rec, req)
	return rec
}

// wantError asserts Copernica's error answer: status, exact JSON body and
// exactly "application/json".
func wantError(t testing.TB, rec *httptest.ResponseRecorder, status int, msg string) {
	t.Helper()
	b, _ := json.Marshal(msg)
	want := `{"error":{"message":` + string(b) + `}}`
	if rec.Code != status || rec.Body.String() != want || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("want %d %s, got %d %s (%q)", status, want, rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
	}
}

// wantEmpty asserts a status with an empty body.
func wantEmpty(t testing.TB, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status || rec.Body.Len() != 0 {
		t.Fatalf("want %d with an empty body, got %d %s (headers %v)", status, rec.Code, rec.Body.String(), rec.Header())
	}
}
