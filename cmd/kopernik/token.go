package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/sqlstore"
)

func tokenCommand() *cli.Command {
	return &cli.Command{
		Name:  "token",
		Usage: "create, list or revoke API tokens",
		Description: "Tokens are stored as hashes in the store. These commands work beside a running server;\n" +
			"a revoked token stops working within 2 seconds.",
		Commands: []*cli.Command{tokenCreateCommand(), tokenListCommand(), tokenRevokeCommand()},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Present() {
				return usagef(cmd, "unknown token command %q (create, list or revoke)", cmd.Args().First())
			}
			return usagef(cmd, "token needs a command: create, list or revoke")
		},
	}
}

func tokenCreateCommand() *cli.Command {
	var store storeOpts
	var name, tz string
	var v4 bool
	return &cli.Command{
		Name:  "create",
		Usage: "create a token and print it alone on stdout",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "name", Destination: &name, Usage: "a label for the token", DefaultText: "none"},
			&cli.BoolFlag{Name: "v4-only", Destination: &v4, Usage: "refuse the token in API versions 1 to 3", DefaultText: "off"},
			&cli.StringFlag{Name: "tz", Value: "Europe/Amsterdam", Destination: &tz, Sources: cli.EnvVars("KOPERNIK_TZ"),
				Usage: "time zone of the token's creation time, as the server's --tz", Validator: validZone},
		}, store.flags()...),
		ArgValidator: noArgs,
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := store.check(cmd); err != nil {
				return err
			}
			loc, err := time.LoadLocation(tz)
			if err != nil {
				return err
			}
			st, err := openForToken(ctx, &store, sqlstore.Options{Loc: loc}, cmd.ErrWriter)
			if err != nil {
				return err
			}
			defer st.Close()
			_, secret, err := st.CreateToken(ctx, name, v4)
			if err != nil {
				return err
			}
			// The token alone on stdout, so scripts can capture it.
			fmt.Fprintln(cmd.Writer, secret)
			return nil
		}),
	}
}

func tokenListCommand() *cli.Command {
	var store storeOpts
	return &cli.Command{
		Name:         "list",
		Usage:        "list the tokens (IDs and names; the secrets are not kept)",
		Flags:        store.flags(),
		ArgValidator: noArgs,
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := store.check(cmd); err != nil {
				return err
			}
			st, err := openForToken(ctx, &store, sqlstore.Options{}, cmd.ErrWriter)
			if err != nil {
				return err
			}
			defer st.Close()
			toks, err := st.ListTokens(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tV4-ONLY\tCREATED\tREVOKED")
			for _, t := range toks {
				fmt.Fprintf(tw, "%d\t%s\t%v\t%s\t%v\n", t.ID, t.Name, t.V4Only, t.Created.Format("2006-01-02 15:04:05"), t.Revoked)
			}
			return tw.Flush()
		}),
	}
}

func tokenRevokeCommand() *cli.Command {
	var store storeOpts
	return &cli.Command{
		Name:      "revoke",
		Usage:     "revoke the token with this ID (see token list)",
		ArgsUsage: "ID",
		Flags:     store.flags(),
		ArgValidator: func(_ context.Context, cmd *cli.Command) error {
			if n := cmd.Args().Len(); n != 1 {
				if n == 0 {
					return usagef(cmd, "token revoke needs the ID of the token (see token list)")
				}
				return usagef(cmd, "token revoke takes one token ID, got %q", cmd.Args().Slice())
			}
			if id, err := strconv.ParseInt(cmd.Args().First(), 10, 64); err != nil || id <= 0 {
				return usagef(cmd, "token revoke: %q is not a token ID", cmd.Args().First())
			}
			return nil
		},
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := store.check(cmd); err != nil {
				return err
			}
			id, _ := strconv.ParseInt(cmd.Args().First(), 10, 64)
			st, err := openForToken(ctx, &store, sqlstore.Options{}, cmd.ErrWriter)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RevokeToken(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrWriter, "token %d revoked\n", id)
			return nil
		}),
	}
}

// openForToken opens the store beside a running server, and says so when
// the data dir is new: `token create` is usually the first command a user
// runs, and its stdout is taken by the token.
func openForToken(ctx context.Context, store *storeOpts, opts sqlstore.Options, stderr io.Writer) (*opened, error) {
	isNew := store.isNew()
	st, err := store.openBeside(ctx, opts)
	if err != nil {
		return nil, err
	}
	if isNew {
		fmt.Fprintf(stderr, "kopernik: created a new data dir %s\n", absPath(store.data))
	}
	return st, nil
}
