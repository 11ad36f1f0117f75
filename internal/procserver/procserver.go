// Package procserver runs the kopernik binary as a child process for the
// end-to-end tests and the load benchmark: it creates tokens, starts `serve`
// on a loopback port and learns the port from the server's "listening" log
// line, and stops or kills the process again.
package procserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Command names a kopernik binary and the store its subcommands work on.
type Command struct {
	Bin string
	// Store are the flags that name the store (--data DIR or --postgres DSN).
	// Empty when Env names it instead, e.g. to keep a DSN with a password out
	// of the process list.
	Store []string
	// Env is the environment of every process; nil means this process's.
	Env []string
}

// CreateToken runs `token create --name NAME` on the store and returns the
// token it printed.
func (c Command) CreateToken(ctx context.Context, name string) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	args := append([]string{"token", "create", "--name", name}, c.Store...)
	cmd := exec.CommandContext(tctx, c.Bin, args...)
	cmd.Env = c.Env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("kopernik token create: %v: %s", err, errb.String())
	}
	tok := strings.TrimSpace(out.String())
	// Anything but one word would be a changed output format, and every
	// request made with it would fail as unauthorised far from the cause.
	if tok == "" || strings.ContainsAny(tok, " \t\n") {
		return "", fmt.Errorf("kopernik token create printed %q, not a token", out.String())
	}
	return tok, nil
}

// ErrExited reports a server that ended before it listened.
var ErrExited = errors.New("server exited before it listened")
