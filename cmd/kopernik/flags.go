package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlite"
)

// Flags are built fresh for each command: the library keeps parse state in
// the flag values.

const defaultData = "./kopernik-data"

// storeOpts name the store; every command that touches data takes them.
type storeOpts struct {
	data     string
	postgres string
}

func (o *storeOpts) flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "data", Value: defaultData, Destination: &o.data, Sources: cli.EnvVars("KOPERNIK_DATA"),
			Usage: "data directory of the embedded SQLite store", TakesFile: true, Validator: notEmpty},
		&cli.StringFlag{Name: "postgres", Destination: &o.postgres, Sources: cli.EnvVars("KOPERNIK_POSTGRES"),
			Usage: "PostgreSQL DSN: keep all data there instead of the embedded SQLite store", DefaultText: "none, SQLite in --data",
			Validator: validDSN},
	}
}

// check refuses two stores at once: whichever won, the user would be
// surprised where the data went.
func (o *storeOpts) check(cmd *cli.Command) error {
	if cmd.IsSet("data") && o.postgres != "" {
		return usagef(cmd, "--data (KOPERNIK_DATA) and --postgres (KOPERNIK_POSTGRES) name two different stores: give one of them")
	}
	return nil
}

func (o *storeOpts) sqlite() bool { return o.postgres == "" }

// describe names the store for people: the SQLite file, or the PostgreSQL
// server and database without user or password.
func (o *storeOpts) describe() string {
	if o.sqlite() {
		return "SQLite " + absPath(sqlite.Path(o.data))
	}
	d, err := postgres.Describe(o.postgres)
	if err != nil {
		return "PostgreSQL"
	}
	return d
}

func notEmpty(s string) error {
	if s == "" {
		return errors.New("must not be empty")
	}
	return nil
}

// validDSN lets an empty DSN through: an exported but empty KOPERNIK_POSTGRES
// has always meant "no PostgreSQL".
func validDSN(dsn string) error {
	if dsn == "" {
		return nil
	}
	_, err := postgres.Describe(dsn)
	return err
}

func validSync(s string) error {
	switch sqlite.Sync(s) {
	case sqlite.SyncNormal, sqlite.SyncFull:
		return nil
	}
	return errors.New("must be normal or full")
}

func validZone(s string) error {
	if s == "" {
		return errors.New("must name a time zone such as Europe/Amsterdam or UTC")
	}
	_, err := time.LoadLocation(s)
	return err
}

func validListen(s string) error {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// validOptionalListen accepts empty as "off".
func validOptionalListen(s string) error {
	if s == "" {
		return nil
	}
	return validListen(s)
}

func validPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("must be http(s)://host[:port][/path], e.g. https://api.example.org")
	}
	return nil
}

func positive(n int64) error {
	if n <= 0 {
		return errors.New("must be a positive number of bytes")
	}
	return nil
}

func positiveDuration(d time.Duration) error {
	if d <= 0 {
		return errors.New("must be positive")
	}
	return nil
}
