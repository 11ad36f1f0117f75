package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// storeFlags are the flags every data-touching command shares.
type storeFlags struct {
	data     string
	sync     string
	tz       string
	postgres string
}

// env returns the environment value of name, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func (sf *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.data, "data", env("KOPERNIK_DATA", "./kopernik-data"), "data directory of the embedded SQLite store (KOPERNIK_DATA)")
	fs.StringVar(&sf.sync, "sync", env("KOPERNIK_SYNC", "normal"), "durability: normal survives a process crash, full also power loss (KOPERNIK_SYNC)")
	fs.StringVar(&sf.postgres, "postgres", env("KOPERNIK_POSTGRES", ""), "PostgreSQL DSN: keep all data there instead of the embedded SQLite store (KOPERNIK_POSTGRES)")
	fs.StringVar(&sf.tz, "tz", env("KOPERNIK_TZ", "Europe/Amsterdam"), "time zone of timestamps (KOPERNIK_TZ)")
}

func (sf *storeFlags) location() (*time.Location, error) {
	loc, err := time.LoadLocation(sf.tz)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", sf.tz, err)
	}
	return loc, nil
}

// where names the store for messages.
func (sf *storeFlags) where() string {
	if sf.postgres != "" {
		return "--postgres DSN"
	}
	return "--data " + sf.data
}

// open opens the store; migrate applies pending schema migrations.
func (sf *storeFlags) open(ctx context.Context, migrate bool) (*sqlstore.Store, *time.Location, error) {
	loc, err := sf.location()
	if err != nil {
		return nil, nil, err
	}
	var st *sqlstore.Store
	if sf.postgres != "" {
		st, err = postgres.Open(ctx, postgres.Config{DSN: sf.postgres, Options: sqlstore.Options{Loc: loc}, Migrate: migrate})
	} else {
		st, err = sqlite.Open(ctx, sqlite.Config{Dir: sf.data, Sync: sqlite.Sync(sf.sync),
			Options: sqlstore.Options{Loc: loc}, Migrate: migrate})
	}
	if err != nil {
		return nil, nil, err
	}
	return st, loc, nil
}
