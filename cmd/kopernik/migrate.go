package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

func migrateCommand() *cli.Command {
	var store storeOpts
	return &cli.Command{
		Name:  "migrate",
		Usage: "bring the store's schema up to this kopernik's version",
		Description: "serve also migrates when it starts; run this before starting several PostgreSQL nodes,\n" +
			"or to upgrade a store without serving. On SQLite it refuses while a server runs on the data dir.",
		Flags:        store.flags(),
		ArgValidator: noArgs,
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := store.check(cmd); err != nil {
				return err
			}
			return migrate(ctx, &store, cmd.Writer, cmd.ErrWriter)
		}),
	}
}

func migrate(ctx context.Context, store *storeOpts, stdout, stderr io.Writer) error {
	if !store.sqlite() {
		m, err := postgres.MigrateOnly(ctx, store.postgres)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s\n", store.describe(), describeMigration(m))
		return nil
	}
	// A running server keeps the schema it read at start in memory: it must
	// not change under it.
	isNew := store.isNew()
	lock, err := lockDir(ctx, store.data, "migrate")
	if err != nil {
		return err
	}
	defer lock.Release()
	if isNew {
		fmt.Fprintf(stderr, "kopernik: created a new data dir %s\n", absPath(store.data))
	}
	m, err := sqlite.MigrateOnly(ctx, store.data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s\n", store.describe(), describeMigration(m))
	return nil
}

func describeMigration(m sqlstore.Migration) string {
	if len(m.Applied) == 0 {
		return fmt.Sprintf("schema is up to date (version %d)", m.To)
	}
	vs := make([]string, len(m.Applied))
	for i, v := range m.Applied {
		vs[i] = strconv.FormatInt(v, 10)
	}
	word := "migration"
	if len(vs) > 1 {
		word = "migrations"
	}
	return fmt.Sprintf("applied %s %s (schema version %d -> %d)", word, strings.Join(vs, ", "), m.From, m.Applied[len(m.Applied)-1])
}
