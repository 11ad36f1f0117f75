package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/kopernik/kopernik/internal/procserver"
)

// Helpers for the command line tests: they run the binary the way a user
// does, with an environment of their own, and look at exit codes and output.

// cliEnv is this process's environment without any KOPERNIK_ variable, plus
// the given ones: a developer's own settings must not change what is tested.
func cliEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KOPERNIK_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// cliResult is a finished command.
type cliResult struct {
	Stdout, Stderr string
	Code           int
}

// runCLI runs bin to completion. A command that does not end within the
// timeout fails the test: a command that should have been refused at once
// may instead have started serving.
func runCLI(t testing.TB, bin string, env []string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("kopernik %q did not finish within 30 s\nstderr: %s", args, errb.String())
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("kopernik %q: %v", args, err)
	}
	return cliResult{Stdout: out.String(), Stderr: errb.String(), Code: code}
}

// servedProcess is a `serve` started by a command line test.
type servedProcess struct {
	Log       string         // stderr up to the listening line
	Listening map[string]any // the listening line
}

// serveUntilListening starts bin serve (through procserver, like every
// server of the suite) and waits for its listening line. The process is
// stopped (SIGTERM) when the test ends.
func serveUntilListening(t testing.TB, bin string, env []string, args ...string) *servedProcess {
	t.Helper()
	log := &serverLog{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	proc, err := procserver.Command{Bin: bin, Env: env}.Serve(ctx, log, args...)
	if err != nil {
		t.Fatalf("serve: %v:\n%s", err, log)
	}
	t.Cleanup(func() {
		if err := proc.Stop(30 * time.Second); err != nil {
			t.Errorf("stopping serve: %v", err)
		}
	})
	p := &servedProcess{Log: log.String()}
	if err := json.Unmarshal(proc.Listening, &p.Listening); err != nil {
		t.Fatalf("listening line is not JSON: %v: %s", err, proc.Listening)
	}
	return p
}

// expectExit asserts the exit code and that stderr says each of want.
func expectExit(t testing.TB, r cliResult, code int, want ...string) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.Code, code, r.Stdout, r.Stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.Stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, r.Stderr)
		}
	}
}
