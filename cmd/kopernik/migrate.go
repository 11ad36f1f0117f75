package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

func migrate(args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, _, err := sf.open(context.Background(), true)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "schema is up to date")
	return st.Close()
}
