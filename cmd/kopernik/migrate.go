package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/kopernik/kopernik/postgres"
)

func migrate(args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	if sf.postgres != "" {
		from, to, err := postgres.MigrateOnly(ctx, sf.postgres)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "schema version %d -> %d: up to date\n", from, to)
		return nil
	}
	st, _, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "schema is up to date")
	return st.Close()
}
