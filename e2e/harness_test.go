// Package e2e drives the real kopernik binary over loopback HTTP against a real
// data store, the way a Copernica client would.
package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kopernik/kopernik/storetest"
)

var binary string

// engine is the store the servers of this run use. With KOPERNIK_TEST_POSTGRES
// set, the whole suite runs a second time on PostgreSQL.
var engine = "sqlite"

func TestMain(m *testing.M) {
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

// server is one running kopernik process.
type server struct {
	t     testing.TB
	cmd   *exec.Cmd
	Data  string // SQLite data dir (empty on PostgreSQL)
	DSN   string // PostgreSQL DSN with this server's own schema (empty on SQLite)
	Base  string // http://127.0.0.1:port
	Token string
	log   *bytes.Buffer
	done  chan struct{}
	extra []string
	env   []string // NAME=value pairs added to the server's environment
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
	s.Token = strings.TrimSpace(kopernik(t, append([]string{"token", "create", "--name", "test"}, s.StoreArgs()...)...))
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

func (s *server) start() {
	s.t.Helper()
	args := append(append([]string{"serve", "--listen", "127.0.0.1:0"}, s.StoreArgs()...), s.extra...)
	cmd := exec.Command(binary, args...)
	if s.env != nil {
		cmd.Env = append(os.Environ(), s.env...)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd, s.log, s.done = cmd, &bytes.Buffer{}, make(chan struct{})
	addr := make(chan string, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			s.log.WriteString(line + "\n")
			if !sent && strings.Contains(line, `"msg":"listening"`) {
				var m struct{ Addr string }
				if json.Unmarshal([]byte(line), &m) == nil {
					addr <- m.Addr
					sent = true
				}
			}
		}
		cmd.Wait()
	}()
	select {
	case a := <-addr:
		s.Base = "http://" + a
	case <-s.done:
		s.t.Fatalf("server exited early:\n%s", s.log.String())
	case <-time.After(20 * time.Second):
		s.t.Fatalf("server did not start:\n%s", s.log.String())
	}
}

// stop ends the server gracefully (SIGTERM) and waits. A failed test shows
// the server's error lines.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
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
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// kill ends the server with SIGKILL, as a crash would.
func (s *server) kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
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
