package procserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeCommand runs this test binary as the server in the given mode.
func fakeCommand(t *testing.T, mode string) Command {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Command{Bin: bin, Store: []string{"--data", "/nowhere"},
		Env: append(os.Environ(), "PROCSERVER_FAKE="+mode, "FAKE_WORD=hello")}
}

// syncLog is a log sink the test may read while the reader goroutine writes.
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	case <-time.After(5 * time.Second):
		return false
	}
}

func TestServe_FindsTheListeningAddressAndPassesArgumentsAndEnvironment(t *testing.T) {
	var log syncLog
	s, err := fakeCommand(t, "serve").Serve(context.Background(), &log, "--sync", "full")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Kill()
	if !strings.HasPrefix(s.Addr, "127.0.0.1:") || s.Addr == "127.0.0.1:1" || s.Base != "http://"+s.Addr {
		t.Fatalf("Addr %q Base %q: not the address of the listening line", s.Addr, s.Base)
	}
	var line struct{ Msg, Addr string }
	if err := json.Unmarshal(s.Listening, &line); err != nil || line.Msg != "listening" || line.Addr != s.Addr {
		t.Fatalf("Listening %q: %v", s.Listening, err)
	}
	if got, want := get(t, s.Base+"/ping"), "serve --listen 127.0.0.1:0 --data /nowhere --sync full|hello"; got != want {
		t.Fatalf("server saw %q, want %q", got, want)
	}
	if err := s.Stop(10 * time.Second); err != nil {
		t.Fatalf("Stop after a clean exit: %v", err)
	}
	if !closed(s.Done()) {
		t.Fatal("Done not closed after Stop")
	}
	// The whole log arrives, before and after the listening line.
	for _, want := range []string{`"msg":"opened store"`, `"msg":"listening"`, `"path":"/ping"`, `"msg":"stopped"`} {
		if !strings.Contains(log.String(), want) {
			t.Fatalf("log lacks %s:\n%s", want, log.String())
		}
	}
}

func TestServe_LongLogLineBeforeListening(t *testing.T) {
	var log syncLog
	s, err := fakeCommand(t, "long-line").Serve(context.Background(), &log)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Kill()
	if !strings.Contains(log.String(), strings.Repeat("x", 3<<20)+"\n") {
		t.Fatal("the 3 MB line did not reach the log whole")
	}
	if !strings.Contains(get(t, s.Base+"/"), "serve --listen") {
		t.Fatal("server not reached after a long line")
	}
}

func TestServe_ExitBeforeListening(t *testing.T) {
	var log syncLog
	s, err := fakeCommand(t, "exit").Serve(context.Background(), &log)
	if !errors.Is(err, ErrExited) || s != nil {
		t.Fatalf("want ErrExited, got %v (server %v)", err, s)
	}
	if !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("error %q does not give the exit status", err)
	}
	if !strings.Contains(log.String(), "permission denied") {
		t.Fatalf("the server's last words are not in the log: %q", log.String())
	}
}

func TestServe_RefusesANonLoopbackAddress(t *testing.T) {
	_, err := fakeCommand(t, "public").Serve(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "not on a loopback address") {
		t.Fatalf("want a loopback refusal, got %v", err)
	}
}

func TestServe_ContextEndsTheWaitAndKillsTheProcess(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := fakeCommand(t, "silent").Serve(ctx, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the context's error, got %v", err)
	}
	// Serve returns only after the killed process was reaped; the silent
	// fake would otherwise sleep a minute.
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("Serve took %s: the silent process was not killed", d)
	}
}

func TestStop_KillsAServerThatIgnoresSIGTERM(t *testing.T) {
	s, err := fakeCommand(t, "ignore-term").Serve(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Stop(300 * time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "was killed") {
		t.Fatalf("want a killed report, got %v", err)
	}
	if !closed(s.Done()) {
		t.Fatal("process still running after Stop")
	}
}

func TestStop_ReportsAnUnsuccessfulExit(t *testing.T) {
	s, err := fakeCommand(t, "fail-on-term").Serve(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(10 * time.Second); err == nil || !strings.Contains(err.Error(), "exit status 4") {
		t.Fatalf("want exit status 4 reported, got %v", err)
	}
}

func TestKill_EndsTheProcessAtOnce(t *testing.T) {
	var log syncLog
	s, err := fakeCommand(t, "serve").Serve(context.Background(), &log)
	if err != nil {
		t.Fatal(err)
	}
	s.Kill()
	if !closed(s.Done()) {
		t.Fatal("Done not closed after Kill")
	}
	if strings.Contains(log.String(), `"msg":"stopped"`) {
		t.Fatal("the server shut down gracefully: Kill sent SIGTERM, not SIGKILL")
	}
	if _, err := http.Get(s.Base + "/"); err == nil {
		t.Fatal("server still answers after Kill")
	}
}

func TestCreateToken(t *testing.T) {
	tok, err := fakeCommand(t, "token").CreateToken(context.Background(), "bench")
	if err != nil || tok != "tok-hello" {
		t.Fatalf("got %q, %v; want tok-hello", tok, err)
	}
	if _, err := fakeCommand(t, "token-words").CreateToken(context.Background(), "bench"); err == nil ||
		!strings.Contains(err.Error(), "not a token") {
		t.Fatalf("a sentence was taken for a token: %v", err)
	}
	if _, err := fakeCommand(t, "token-fail").CreateToken(context.Background(), "bench"); err == nil ||
		!strings.Contains(err.Error(), "no such data dir") {
		t.Fatalf("want the command's stderr in the error, got %v", err)
	}
}

func TestListeningAddr(t *testing.T) {
	for _, c := range []struct {
		line, addr string
	}{
		{`{"level":"INFO","msg":"listening","addr":"127.0.0.1:8080","store":"/d"}` + "\n", "127.0.0.1:8080"},
		{`{"msg":"debug listening","addr":"127.0.0.1:6060"}`, ""},
		{`{"msg":"listening"}`, ""},
		{`listening on 127.0.0.1:8080 ("listening")`, ""},
		{`{"msg":"request","path":"/listening","addr":"x"}`, ""},
		{`{"msg":"shutting down","was":"listening","addr":"127.0.0.1:8080"}`, ""},
	} {
		a, ok := listeningAddr([]byte(c.line))
		if a != c.addr || ok != (c.addr != "") {
			t.Errorf("%s: got %q %v, want %q", c.line, a, ok, c.addr)
		}
	}
}
