// Package e2e drives the real kopernik binary over loopback HTTP against a real
// data store, the way a Copernica client would.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopernik/kopernik/internal/procserver"
	"github.com/kopernik/kopernik/storetest"
)

var binary string

// engine is the store the servers of this run use. With KOPERNIK_TEST_POSTGRES
// set, the whole suite runs a second time on PostgreSQL.
var engine = "sqlite"

func TestMain(m *testing.M) {
	// Most of a test here waits on servers, receivers and timers, not on
	// this process: more parallel tests than cores (go test's default)
	// shorten the suite without loading the machine more. An explicit
	// -parallel wins.
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(max(4, 2*runtime.GOMAXPROCS(0))))
	}
	dir, err := os.MkdirTemp("", "kopernik-e2e-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "kopernik")
	build := exec.Command("go", "build", "-o", binary, "../cmd/kopernik")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building kopernik:", err)
		os.Exit(1)
	}
	code := m.Run()
	if pgDSN := os.Getenv("KOPERNIK_TEST_POSTGRES"); pgDSN != "" && code == 0 {
		fmt.Println("=== e2e suite again on PostgreSQL")
		engine = "postgres"
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one running kopernik process, driven through procserver (which
// the load benchmark uses too); these wrappers turn its errors into test
// failures.
type server struct {
	t     testing.TB
	proc  *procserver.Server
	Data  string // SQLite data dir (empty on PostgreSQL)
	DSN   string // PostgreSQL DSN with this server's own schema (empty on SQLite)
	Base  string // http://127.0.0.1:port
	Token string
	log   *serverLog
	extra []string
	env   []string // NAME=value pairs added to the server's environment
}

// serverLog holds everything a server wrote to stderr. The test reads it
// while procserver's reader may still be writing (a start that timed out).
type serverLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *serverLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// kopernik runs a CLI subcommand to completion and returns its stdout.
func kopernik(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("kopernik %v: %v\n%s", args, err, errb.String())
	}
	return out.String()
}

// startServer starts kopernik serve on a fresh store with one token: a new
// SQLite data dir, or a new PostgreSQL schema that is dropped afterwards.
func startServer(t testing.TB, extra ...string) *server {
	t.Helper()
	return startServerEnv(t, nil, extra...)
}

// startServerEnv is startServer with variables added to the server's
// environment.
func startServerEnv(t testing.TB, env []string, extra ...string) *server {
	t.Helper()
	s := newStore(t)
	s.extra, s.env = extra, env
	tok, err := s.command().CreateToken(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Token = tok
	s.start()
	t.Cleanup(s.stop)
	return s
}

// newStore prepares an empty store for the current engine.
func newStore(t testing.TB) *server {
	t.Helper()
	if engine != "postgres" {
		return &server{t: t, Data: t.TempDir()}
	}
	return &server{t: t, DSN: storetest.PostgresSchema(t)}
}

// StoreArgs are the CLI flags that name this server's store.
func (s *server) StoreArgs() []string {
	if s.DSN != "" {
		return []string{"--postgres", s.DSN}
	}
	return []string{"--data", s.Data}
}

func (s *server) command() procserver.Command {
	c := procserver.Command{Bin: binary, Store: s.StoreArgs()}
	if s.env != nil {
		c.Env = append(os.Environ(), s.env...)
	}
	return c
}

// start runs serve on the server's store and waits until it listens.
func (s *server) start() {
	s.t.Helper()
	s.log = &serverLog{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := s.command().Serve(ctx, s.log, s.extra...)
	if err != nil {
		s.t.Fatalf("%v:\n%s", err, s.log)
	}
	s.proc, s.Base = p, p.Base
}

// stop ends the server gracefully (SIGTERM) and waits; a server that has to
// be killed or exits unsuccessfully fails the test. A failed test shows the
// server's error lines.
func (s *server) stop() {
	if s.proc == nil {
		return
	}
	defer func() {
		if s.t.Failed() {
			for _, line := range strings.Split(s.log.String(), "\n") {
				if strings.Contains(line, `"level":"ERROR"`) {
					s.t.Log("server: " + line)
				}
			}
		}
	}()
	if err := s.proc.Stop(30 * time.Second); err != nil {
		s.t.Errorf("stopping the server: %v", err)
	}
	s.proc = nil
}

// kill ends the server with SIGKILL, as a crash would.
func (s *server) kill() {
	if s.proc == nil {
		return
	}
	s.proc.Kill()
	s.proc = nil
}

// restart stops the process and starts a new one on the same data dir.
func (s *server) restart() {
	s.stop()
	s.start()
}

// resp is a response with its body read.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }

// JSON decodes the body into a generic value.
func (r resp) JSON(t testing.TB) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, r.Body)
	}
	return v
}

var client = &http.Client{
	Timeout: 60 * time.Second,
	// The PHP class does not follow redirects; neither do the tests.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// do sends a request. path may carry a query; the token is added as
// access_token unless the path already names one or auth is "none".
func (s *server) do(method, path string, body any, hdr ...string) resp {
	s.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
		ctype = "application/json"
	case url.Values:
		rd = strings.NewReader(b.Encode())
		ctype = "application/x-www-form-urlencoded"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
		ctype = "application/json"
	}
	u := s.Base + path
	if !strings.Contains(path, "access_token=") {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		u += sep + "access_token=" + url.QueryEscape(s.Token)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp{Status: res.StatusCode, Header: res.Header, Body: raw}
}

// raw sends a request without adding a token.
func (s *server) raw(method, path string, body string, hdr ...string) resp {
	s.t.Helper()
	req, err := http.NewRequest(method, s.Base+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: raw}
}

// expectError asserts Copernica's error answer.
func expectError(t testing.TB, r resp, msg string) {
	t.Helper()
	want := `{"error":{"message":` + jsonString(msg) + `}}`
	if r.Status != 400 || string(r.Body) != want || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("want 400 %s (application/json), got %d %s (%s)", want, r.Status, r.Body, r.Header.Get("Content-Type"))
	}
}

// expectJSON asserts a 200 with exactly this body.
func expectJSON(t testing.TB, r resp, want string) {
	t.Helper()
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("want 200 application/json, got %d %q: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if string(r.Body) != want {
		t.Fatalf("body mismatch\nwant %s\ngot  %s", want, r.Body)
	}
}

// created asserts a 201 and returns the new ID.
func created(t testing.TB, r resp) string {
	t.Helper()
	if r.Status != 201 || r.Header.Get("X-Created") == "" || len(r.Body) != 0 {
		t.Fatalf("want 201 with X-Created and empty body, got %d %v %s", r.Status, r.Header, r.Body)
	}
	return r.Header.Get("X-Created")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// startTwoNodes starts two server processes on one PostgreSQL schema with
// one token: what a deployment of two nodes behind a balancer is.
func startTwoNodes(t testing.TB) (a, b *server) {
	a = startServer(t)
	b = &server{t: t, DSN: a.DSN, Token: a.Token}
	b.start()
	t.Cleanup(b.stop)
	return a, b
}
