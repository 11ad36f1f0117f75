package e2e

import (
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kopernik/kopernik/storetest"
)

// TestI9_3_OneServerPerDataDir: a second serve on a data dir in use is
// refused with the dir and the holder's PID; token commands work beside the
// server and their tokens are valid on it at once; migrate is refused; after
// SIGKILL the dir is free again at once.
func TestI9_3_OneServerPerDataDir(t *testing.T) {
	if engine == "postgres" {
		t.Skip("many nodes on one PostgreSQL are the design (TestTwoNodes_…)")
	}
	t.Parallel()
	s := startServer(t)
	created(t, s.do("POST", "/v3/databases", `{"name":"locked"}`))
	pid := strconv.Itoa(s.proc.Pid())
	dir, err := filepath.Abs(s.Data)
	if err != nil {
		t.Fatal(err)
	}

	second := runCLI(t, binary, cliEnv(), "serve", "--listen", "127.0.0.1:0", "--data", s.Data)
	expectExit(t, second, 1, dir, "process "+pid, "kopernik serve")

	tok := runCLI(t, binary, cliEnv(), "token", "create", "--name", "beside", "--data", s.Data)
	expectExit(t, tok, 0)
	beside := strings.TrimSpace(tok.Stdout)
	if r := s.raw("GET", "/v3/databases?access_token="+beside, ""); r.Status != 200 || !strings.Contains(string(r.Body), `"locked"`) {
		t.Fatalf("token created beside the server: %s", r)
	}
	list := runCLI(t, binary, cliEnv(), "token", "list", "--data", s.Data)
	expectExit(t, list, 0)
	if !regexp.MustCompile(`(?m)^2\s+beside\s`).MatchString(list.Stdout) {
		t.Fatalf("token list beside the server:\n%s", list.Stdout)
	}
	expectExit(t, runCLI(t, binary, cliEnv(), "token", "revoke", "2", "--data", s.Data), 0, "token 2 revoked")

	mig := runCLI(t, binary, cliEnv(), "migrate", "--data", s.Data)
	expectExit(t, mig, 1, dir, "process "+pid)

	// The OS drops the lock with the process: no stale lock after a crash.
	s.kill()
	s.start()
	if r := s.do("GET", "/v3/database/locked", nil); r.Status != 200 {
		t.Fatalf("after restart: %s", r)
	}
	again := runCLI(t, binary, cliEnv(), "serve", "--listen", "127.0.0.1:0", "--data", s.Data)
	expectExit(t, again, 1, "process "+strconv.Itoa(s.proc.Pid()))
}

// TestI9_5_HelpListsEachCommandsFlags: help is asked for in the usual ways,
// exits 0, and each command lists exactly its flags, each with its
// environment variable (store and server settings) and its default.
func TestI9_5_HelpListsEachCommandsFlags(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	store := map[string]string{"data": "KOPERNIK_DATA", "postgres": "KOPERNIK_POSTGRES"}
	with := func(m map[string]string, more map[string]string) map[string]string {
		out := map[string]string{"help": ""}
		for k, v := range m {
			out[k] = v
		}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	serve := with(store, map[string]string{"listen": "KOPERNIK_LISTEN", "sync": "KOPERNIK_SYNC", "tz": "KOPERNIK_TZ",
		"public-url": "KOPERNIK_PUBLIC_URL", "max-body": "KOPERNIK_MAX_BODY", "debug-listen": "KOPERNIK_DEBUG_LISTEN",
		"strict-filters": "KOPERNIK_STRICT_FILTERS", "tls": "KOPERNIK_TLS", "tls-cert": "KOPERNIK_TLS_CERT",
		"tls-key": "KOPERNIK_TLS_KEY", "tls-dir": "KOPERNIK_TLS_DIR", "metrics": "KOPERNIK_METRICS",
		"metrics-listen": "KOPERNIK_METRICS_LISTEN", "admin": "KOPERNIK_ADMIN",
		// Webhook delivery.
		"webhook-allow-host": "KOPERNIK_WEBHOOK_ALLOW_HOSTS", "webhook-refuse-private": "KOPERNIK_WEBHOOK_REFUSE_PRIVATE",
		"webhook-key": "KOPERNIK_WEBHOOK_KEY", "webhook-key-id": "KOPERNIK_WEBHOOK_KEY_ID", "webhook-timeout": "KOPERNIK_WEBHOOK_TIMEOUT",
		"webhook-workers": "KOPERNIK_WEBHOOK_WORKERS", "webhook-format": "KOPERNIK_WEBHOOK_FORMAT", "webhook-poll": "KOPERNIK_WEBHOOK_POLL",
		"webhook-unsigned": "KOPERNIK_WEBHOOK_UNSIGNED", "webhook-lease": "KOPERNIK_WEBHOOK_LEASE"})
	// How selection members are kept current (issue 10).
	for k, v := range map[string]string{"selection-build-timeout": "KOPERNIK_SELECTION_BUILD_TIMEOUT",
		"selection-build-on-read": "KOPERNIK_SELECTION_BUILD_ON_READ", "selection-rebuild-every": "KOPERNIK_SELECTION_REBUILD_EVERY"} {
		serve[k] = v
	}
	// Imports (issue 11).
	serve["import-fetch-allow"], serve["import-batch-rows"] = "KOPERNIK_IMPORT_FETCH_ALLOW", "KOPERNIK_IMPORT_BATCH_ROWS"
	serve["import-lease"] = "KOPERNIK_IMPORT_LEASE"
	importFlags := with(store, map[string]string{"database": "", "action": "", "key": "", "format": "", "delimiter": "",
		"ignore-empty": "", "remove-missing": "", "delete-target": "", "name": "", "batch-rows": "", "tz": "KOPERNIK_TZ"})
	exportFlags := with(store, map[string]string{"database": "", "view": "", "fields": "", "format": ""})
	cases := []struct {
		args  []string
		flags map[string]string // flag → environment variable ("" = none)
		words []string          // further text the help must show
	}{
		{[]string{"--help"}, map[string]string{"help": "", "version": ""}, []string{"serve", "token", "migrate", "version", "cert", "openapi", "webhook-key"}},
		{[]string{"help"}, map[string]string{"help": "", "version": ""}, []string{"serve", "token", "migrate", "version", "cert", "openapi", "webhook-key"}},
		{[]string{"help", "serve"}, serve, []string{`"127.0.0.1:8080"`, `"./kopernik-data"`, `"normal"`, `"Europe/Amsterdam"`, "33554432"}},
		{[]string{"serve", "--help"}, serve, nil},
		{[]string{"serve", "-h"}, serve, nil},
		{[]string{"token", "--help"}, map[string]string{"help": ""}, []string{"create", "list", "revoke"}},
		{[]string{"help", "token"}, map[string]string{"help": ""}, []string{"create", "list", "revoke"}},
		{[]string{"token", "create", "--help"}, with(store, map[string]string{"name": "", "v4-only": "", "tz": "KOPERNIK_TZ"}), nil},
		{[]string{"token", "list", "--help"}, with(store, nil), nil},
		{[]string{"token", "revoke", "--help"}, with(store, nil), []string{"ID"}},
		{[]string{"migrate", "--help"}, with(store, nil), nil},
		{[]string{"cert", "--help"}, map[string]string{"help": "", "data": "KOPERNIK_DATA", "tls-dir": "KOPERNIK_TLS_DIR"}, []string{"--tls auto"}},
		{[]string{"openapi", "--help"}, map[string]string{"help": "", "public-url": "KOPERNIK_PUBLIC_URL", "no-metrics-route": ""}, nil},
		{[]string{"webhook-key", "--help"}, with(store, map[string]string{"pem": "", "webhook-key": "KOPERNIK_WEBHOOK_KEY", "webhook-key-id": "KOPERNIK_WEBHOOK_KEY_ID"}), []string{"TXT"}},
		{[]string{"import", "--help"}, importFlags, []string{"FILE|-"}},
		{[]string{"export", "--help"}, exportFlags, []string{"--output"}},
	}
	flagLine := regexp.MustCompile(`^\s+--([a-z0-9-]+)`)
	for _, c := range cases {
		r := runCLI(t, binary, cliEnv(), c.args...)
		if r.Code != 0 || r.Stdout == "" {
			t.Fatalf("kopernik %q: exit %d, stdout %q, stderr %q", c.args, r.Code, r.Stdout, r.Stderr)
		}
		var got []string
		for _, line := range strings.Split(r.Stdout, "\n") {
			m := flagLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			got = append(got, m[1])
			env, known := c.flags[m[1]]
			switch {
			case !known:
			case env != "" && !strings.Contains(line, "[$"+env+"]"):
				t.Errorf("kopernik %q: --%s does not name %s: %q", c.args, m[1], env, line)
			case m[1] != "help" && m[1] != "version" && !strings.Contains(line, "(default: "):
				t.Errorf("kopernik %q: --%s shows no default: %q", c.args, m[1], line)
			}
		}
		var want []string
		for f := range c.flags {
			want = append(want, f)
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("kopernik %q lists flags %v, want exactly %v\n%s", c.args, got, want, r.Stdout)
		}
		for _, w := range c.words {
			if !strings.Contains(r.Stdout, w) {
				t.Errorf("kopernik %q: help does not show %q", c.args, w)
			}
		}
	}
}

// TestI9_5_Version: the version stamped at build time, the commit the go
// command recorded (or "unknown" when it recorded none) and the Go version.
func TestI9_5_Version(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "kopernik")
	build := exec.Command("go", "build", "-buildvcs=true", "-ldflags", "-X main.version=9.8.7-test", "-o", bin, "../cmd/kopernik")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	commit := "unknown"
	if m := regexp.MustCompile(`vcs\.revision=([0-9a-f]+)`).FindSubmatch(info); m != nil {
		commit = string(m[1])
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := runCLI(t, bin, cliEnv(), args...)
		expectExit(t, r, 0)
		for _, want := range []string{"kopernik 9.8.7-test", "commit " + commit, runtime.Version()} {
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("kopernik %q = %q, does not say %q", args, r.Stdout, want)
			}
		}
	}
	if r := runCLI(t, binary, cliEnv(), "version"); r.Code != 0 || !strings.HasPrefix(r.Stdout, "kopernik dev, commit ") {
		t.Errorf("unstamped build: kopernik version = %d %q", r.Code, r.Stdout)
	}
}

// TestI9_5_InvalidCommandLinesExitTwo: a wrong value, from a flag or from
// the environment, a stray argument or two stores at once is refused with
// exit code 2 and a message, before anything is touched; a failure of the
// work itself exits 1.
func TestI9_5_InvalidCommandLinesExitTwo(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "never-created")
	const dsn = "postgres://nobody@127.0.0.1:1/none"
	cases := []struct {
		env  []string
		args []string
		says []string
	}{
		{nil, []string{"serve", "--data", dir, "--max-body", "-5"}, []string{"--max-body", "-5", "kopernik serve --help"}},
		{nil, []string{"serve", "--data", dir, "--max-body", "lots"}, []string{"--max-body", "lots"}},
		{[]string{"KOPERNIK_MAX_BODY=abc"}, []string{"serve", "--data", dir}, []string{"KOPERNIK_MAX_BODY", "abc", "kopernik serve --help"}},
		{[]string{"KOPERNIK_MAX_BODY=0"}, []string{"serve", "--data", dir}, []string{"KOPERNIK_MAX_BODY"}},
		{nil, []string{"serve", "--data", dir, "extra"}, []string{"serve takes no arguments", "extra"}},
		{nil, []string{"serve", "--data", dir, "--postgres", dsn}, []string{"--data", "--postgres"}},
		{[]string{"KOPERNIK_POSTGRES=" + dsn}, []string{"serve", "--data", dir}, []string{"--data", "KOPERNIK_POSTGRES"}},
		{[]string{"KOPERNIK_DATA=" + dir}, []string{"token", "list", "--postgres", dsn}, []string{"KOPERNIK_DATA", "--postgres"}},
		{nil, []string{"serve", "--data", dir, "--sync", "fast"}, []string{"--sync", "fast", "normal or full"}},
		{[]string{"KOPERNIK_SYNC=FULLY"}, []string{"serve", "--data", dir}, []string{"KOPERNIK_SYNC", "FULLY"}},
		{nil, []string{"serve", "--data", dir, "--tz", "Mars/Olympus"}, []string{"--tz", "Mars/Olympus"}},
		{[]string{"KOPERNIK_STRICT_FILTERS=maybe"}, []string{"serve", "--data", dir}, []string{"KOPERNIK_STRICT_FILTERS", "maybe"}},
		{[]string{"KOPERNIK_TZ=Nowhere/Town"}, []string{"token", "create", "--data", dir}, []string{"KOPERNIK_TZ", "Nowhere/Town"}},
		{nil, []string{"serve", "--data", dir, "--listen", "8080"}, []string{"--listen", "8080"}},
		{nil, []string{"serve", "--data", dir, "--public-url", "ftp://example.org"}, []string{"--public-url"}},
		{nil, []string{"serve", "--data", dir, "--postgres-dsn", dsn}, []string{"--postgres-dsn"}},
		{nil, []string{"token", "create", "--data", dir, "me"}, []string{"token create takes no arguments"}},
		{nil, []string{"token", "list", "--data", dir, "--sync", "full"}, []string{"--sync", "kopernik token list --help"}},
		{nil, []string{"token", "revoke", "--data", dir}, []string{"token revoke needs the ID"}},
		{nil, []string{"token", "revoke", "--data", dir, "first"}, []string{`"first" is not a token ID`}},
		{nil, []string{"token", "revoke", "--data", dir, "1", "2"}, []string{"one token ID"}},
		{nil, []string{"token", "--data", dir}, []string{"--data"}},
		{nil, []string{"token", "renew"}, []string{`"renew"`, "kopernik token --help"}},
		{nil, []string{"migrate", "--data", dir, "now"}, []string{"migrate takes no arguments"}},
		{nil, []string{"serv"}, []string{`unknown command "serv"`, "kopernik --help"}},
		{nil, []string{"version", "--short"}, []string{"--short"}},
		{nil, nil, []string{"USAGE"}},
	}
	for _, c := range cases {
		r := runCLI(t, binary, cliEnv(c.env...), c.args...)
		if r.Code != 2 {
			t.Errorf("%v kopernik %q: exit %d, want 2\nstderr: %s", c.env, c.args, r.Code, r.Stderr)
			continue
		}
		for _, w := range c.says {
			if !strings.Contains(r.Stderr, w) {
				t.Errorf("%v kopernik %q: stderr does not say %q:\n%s", c.env, c.args, w, r.Stderr)
			}
		}
		if r.Stdout != "" {
			t.Errorf("%v kopernik %q wrote to stdout: %q", c.env, c.args, r.Stdout)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Fatalf("%v kopernik %q created the data dir before refusing", c.env, c.args)
		}
	}

	// A failure of the work: the address is taken.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	r := runCLI(t, binary, cliEnv(), "serve", "--data", filepath.Join(root, "busy"), "--listen", busy.Addr().String())
	expectExit(t, r, 1, "address already in use")
	r = runCLI(t, binary, cliEnv(), "token", "revoke", "--data", filepath.Join(root, "busy"), "99")
	expectExit(t, r, 1, "No token with ID 99")
}

// TestI9_5_StartLineNamesStoreAndURL: the listening line names the store
// (the SQLite file, or PostgreSQL's server and database) and the URL to
// call; a password in the DSN appears nowhere in the output.
func TestI9_5_StartLineNamesStoreAndURL(t *testing.T) {
	t.Parallel()
	var args []string
	var wantStore []string
	if engine == "postgres" {
		u, err := url.Parse(storetest.PostgresSchema(t))
		if err != nil {
			t.Fatal(err)
		}
		// Trust authentication ignores the password; it must still not show.
		u.User = url.UserPassword(u.User.Username(), "pw-must-not-show")
		args = []string{"--postgres", u.String()}
		wantStore = []string{"PostgreSQL", strings.TrimPrefix(u.Path, "/"), u.Host}
	} else {
		dir := t.TempDir()
		args = []string{"--data", dir}
		wantStore = []string{"SQLite", filepath.Join(dir, "kopernik.db")}
	}
	p := serveUntilListening(t, binary, cliEnv(), args...)
	addr, _ := p.Listening["addr"].(string)
	if u, _ := p.Listening["url"].(string); addr == "" || u != "http://"+addr {
		t.Errorf("listening line: url %q, addr %q", u, addr)
	}
	res, err := client.Get("http://" + addr + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("the address of the listening line does not answer: %v %v", res, err)
	}
	res.Body.Close()
	st, _ := p.Listening["store"].(string)
	for _, w := range wantStore {
		if !strings.Contains(st, w) {
			t.Errorf("store %q does not name %q", st, w)
		}
	}
	if strings.Contains(p.Log, "pw-must-not-show") {
		t.Errorf("the password shows in the log:\n%s", p.Log)
	}
}

// TestI9_5_NewDataDirAndTokenHint: serve and token create say when they set
// up a new data dir (and only then); the hint for a first token names the
// command that works for how the server was started: plain kopernik, or
// go run when the binary was built by go run.
func TestI9_5_NewDataDirAndTokenHint(t *testing.T) {
	if engine == "postgres" {
		t.Skip("no data dir on PostgreSQL")
	}
	t.Parallel()
	root := t.TempDir()

	fresh := filepath.Join(root, "fresh dir")
	p := serveUntilListening(t, binary, cliEnv(), "--data", fresh)
	if !strings.Contains(p.Log, `"msg":"created a new data dir","dir":`+jsonString(fresh)) {
		t.Errorf("serve on a new dir does not say so:\n%s", p.Log)
	}
	if want := "    kopernik token create --name NAME --data '" + fresh + "'\n"; !strings.Contains(p.Log, want) {
		t.Errorf("token hint: want %q in\n%s", want, p.Log)
	}

	tokDir := filepath.Join(root, "by-token")
	r := runCLI(t, binary, cliEnv(), "token", "create", "--data", tokDir)
	expectExit(t, r, 0, "created a new data dir "+tokDir)
	if !regexp.MustCompile(`^[0-9a-f]{64}\n$`).MatchString(r.Stdout) {
		t.Errorf("token create must print the token alone on stdout, got %q", r.Stdout)
	}
	p = serveUntilListening(t, binary, cliEnv(), "--data", tokDir)
	if strings.Contains(p.Log, "created a new data dir") || strings.Contains(p.Log, "No API token") {
		t.Errorf("serve on a dir with a store and a token:\n%s", p.Log)
	}
	r = runCLI(t, binary, cliEnv(), "token", "list", "--data", tokDir)
	expectExit(t, r, 0)
	if strings.Contains(r.Stderr, "created") {
		t.Errorf("token list on an existing dir: %q", r.Stderr)
	}

	// go run links the binary into a go-build work dir.
	goRun := filepath.Join(root, "go-build1234", "b001", "exe", "kopernik")
	if err := os.MkdirAll(filepath.Dir(goRun), 0o755); err != nil {
		t.Fatal(err)
	}
	// A hard link, not a copy: a copy's write descriptor, inherited by a
	// process another test forks at that moment, makes exec fail with "text
	// file busy".
	if err := os.Link(binary, goRun); err != nil {
		t.Fatal(err)
	}
	p = serveUntilListening(t, goRun, cliEnv(), "--data", filepath.Join(root, "gorun"))
	if want := "    go run ./cmd/kopernik token create --name NAME --data " + filepath.Join(root, "gorun") + "\n"; !strings.Contains(p.Log, want) {
		t.Errorf("token hint after go run: want %q in\n%s", want, p.Log)
	}
}

// TestI9_5_MigrateSaysWhatItApplied: the versions applied to a new store,
// then that it is up to date.
func TestI9_5_MigrateSaysWhatItApplied(t *testing.T) {
	t.Parallel()
	var args []string
	if engine == "postgres" {
		args = []string{"--postgres", storetest.PostgresSchema(t)}
	} else {
		args = []string{"--data", filepath.Join(t.TempDir(), "new")}
	}
	first := runCLI(t, binary, cliEnv(), append([]string{"migrate"}, args...)...)
	expectExit(t, first, 0)
	if !regexp.MustCompile(`: applied migrations? 1(, \d+)* \(schema version 0 -> \d+\)\n$`).MatchString(first.Stdout) {
		t.Errorf("first migrate: %q", first.Stdout)
	}
	second := runCLI(t, binary, cliEnv(), append([]string{"migrate"}, args...)...)
	expectExit(t, second, 0)
	if !regexp.MustCompile(`: schema is up to date \(version \d+\)\n$`).MatchString(second.Stdout) {
		t.Errorf("second migrate: %q", second.Stdout)
	}
}

// skipSecondEngine skips a test of the command line alone in the suite's
// PostgreSQL round: it touches no store, and it ran in the SQLite round.
func skipSecondEngine(t *testing.T) {
	if engine == "postgres" {
		t.Skip("does not depend on the engine; ran in the SQLite round")
	}
}
