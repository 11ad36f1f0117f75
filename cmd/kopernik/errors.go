package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v3"
)

// A command line that cannot be carried out exits 2 and a failure of the
// work exits 1, as scripts expect from the tools they know. The library
// reports bad flags and arguments as plain errors, so the errors of the
// work are the ones that get marked: each action's error becomes a failure
// unless the action itself found the command line wrong.

// failure is an error of the work itself.
type failure struct{ err error }

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

func asFailure(err error) (*failure, bool) {
	var f *failure
	return f, errors.As(err, &f)
}

// usageError is a command line that cannot be carried out. cmd names the
// command whose help explains the fix.
type usageError struct {
	cmd string
	err error
}

func (u *usageError) Error() string { return u.err.Error() }
func (u *usageError) Unwrap() error { return u.err }

func usagef(cmd *cli.Command, format string, a ...any) error {
	return &usageError{cmd: cmd.FullName(), err: fmt.Errorf(format, a...)}
}

// silentUsage is a usage error whose help has already been printed.
type silentUsage struct{}

func (silentUsage) Error() string { return "" }

// onUsageError replaces the library's own report (a full help text before
// the message) with the one-line report of run. The library spells flags
// with one dash; the help and the README use two.
func onUsageError(_ context.Context, cmd *cli.Command, err error, _ bool) error {
	msg := strings.NewReplacer("for flag -", "for flag --", "not defined: -", "not defined: --").Replace(err.Error())
	return &usageError{cmd: cmd.FullName(), err: errors.New(msg)}
}

// setUsageHandler gives every command the same usage error report: the
// library does not pass it down.
func setUsageHandler(cmd *cli.Command) {
	cmd.OnUsageError = onUsageError
	for _, sub := range cmd.Commands {
		setUsageHandler(sub)
	}
}

// usageOf names the command whose help the user should read. Errors the
// library finds in environment variables name no command; then it is the
// deepest command the arguments name.
func usageOf(err error, root *cli.Command, args []string) string {
	var u *usageError
	if errors.As(err, &u) && u.cmd != "" {
		// `kopernik help nosuch` is answered by the help of kopernik.
		return strings.TrimSuffix(u.cmd, " help")
	}
	name, cmd := root.Name, root
	for _, a := range args {
		sub := cmd.Command(a)
		if sub == nil {
			break
		}
		name, cmd = name+" "+sub.Name, sub
	}
	return name
}

// commandName is the command as the user typed it after "kopernik".
func commandName(cmd *cli.Command) string {
	full := cmd.FullName()
	if i := strings.IndexByte(full, ' '); i >= 0 {
		return full[i+1:]
	}
	return full
}

// action adapts the work of a command: its errors are failures, except the
// usage errors it found itself.
func action(f func(context.Context, *cli.Command) error) cli.ActionFunc {
	return func(ctx context.Context, cmd *cli.Command) error {
		err := f(ctx, cmd)
		if err == nil {
			return nil
		}
		var u *usageError
		if errors.As(err, &u) {
			return err
		}
		return &failure{err: err}
	}
}

// noArgs refuses positional arguments: a stray word is more likely a typo
// (a flag without its dashes, an unquoted value) than something to ignore.
func noArgs(_ context.Context, cmd *cli.Command) error {
	if cmd.Args().Present() {
		return usagef(cmd, "%s takes no arguments, got %q", commandName(cmd), cmd.Args().Slice())
	}
	return nil
}
