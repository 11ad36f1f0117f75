// Command kopernik runs the Copernica-compatible API server and its admin tasks.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v3"
)

func main() {
	os.Exit(run(context.Background(), os.Args, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code: 0 on success, 2
// when the command line itself is wrong (nothing was done), 1 when the work
// failed.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := rootCommand(stdout, stderr)
	err := root.Run(ctx, args)
	if err == nil {
		return 0
	}
	if errors.Is(err, silentUsage{}) {
		return 2
	}
	if f, ok := asFailure(err); ok {
		fmt.Fprintln(stderr, "kopernik:", f.err)
		return 1
	}
	fmt.Fprintln(stderr, "kopernik:", err)
	fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", usageOf(err, root, args[1:]))
	return 2
}

func rootCommand(stdout, stderr io.Writer) *cli.Command {
	cli.VersionPrinter = func(cmd *cli.Command) { fmt.Fprintln(cmd.Root().Writer, versionLine()) }
	root := &cli.Command{
		Name:  "kopernik",
		Usage: "a self-hosted server that speaks the Copernica REST API",
		Description: "Every flag can also be set through the environment variable shown beside it;\n" +
			"a flag on the command line wins over its variable.",
		Version:   versionString(),
		Writer:    stdout,
		ErrWriter: stderr,
		// Exit codes are decided in run, not by the library.
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
		OnUsageError:   onUsageError,
		Commands: []*cli.Command{
			serveCommand(),
			tokenCommand(),
			migrateCommand(),
			importCommand(),
			exportCommand(),
			certCommand(),
			openapiCommand(),
			versionCommand(),
			webhookKeyCommand(),
		},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Present() {
				return usagef(cmd, "unknown command %q", cmd.Args().First())
			}
			// Bare `kopernik` did nothing the user asked for: help, and the
			// exit code of a usage error.
			cmd.Writer = cmd.ErrWriter
			cli.ShowRootCommandHelp(cmd)
			return silentUsage{}
		},
	}
	setUsageHandler(root)
	return root
}
