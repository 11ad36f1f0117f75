package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
)

func token(args []string) error {
	if len(args) < 1 {
		return errors.New("token: expected create, list or revoke")
	}
	fs := flag.NewFlagSet("token "+args[0], flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	name := fs.String("name", "", "a label for the token")
	v4 := fs.Bool("v4-only", false, "refuse the token in API versions 1 to 3")
	sub := args[0]
	rest := args[1:]
	// Allow the ID of revoke before or after the flags.
	var positional []string
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		rest = fs.Args()
		if len(rest) > 0 {
			positional = append(positional, rest[0])
			rest = rest[1:]
		}
	}
	ctx := context.Background()
	// A new data dir is set up on first use, so `token create` works before `serve`.
	st, _, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "create":
		_, secret, err := st.CreateToken(ctx, *name, *v4)
		if err != nil {
			return err
		}
		// The token alone on stdout, so scripts can capture it.
		fmt.Println(secret)
		return nil
	case "list":
		toks, err := st.ListTokens(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tV4-ONLY\tCREATED\tREVOKED")
		for _, t := range toks {
			fmt.Fprintf(tw, "%d\t%s\t%v\t%s\t%v\n", t.ID, t.Name, t.V4Only, t.Created.Format("2006-01-02 15:04:05"), t.Revoked)
		}
		return tw.Flush()
	case "revoke":
		if len(positional) != 1 {
			return errors.New("token revoke: expected one token ID")
		}
		id, err := strconv.ParseInt(positional[0], 10, 64)
		if err != nil {
			return fmt.Errorf("token revoke: %q is not an ID", positional[0])
		}
		if err := st.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "token %d revoked\n", id)
		return nil
	}
	return fmt.Errorf("token: unknown subcommand %q", sub)
}
