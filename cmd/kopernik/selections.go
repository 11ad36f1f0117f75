package main

import (
	"time"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/sqlstore"
)

// selectionOpts tune how selection members are kept current.
type selectionOpts struct {
	buildTimeout time.Duration
	buildOnRead  bool
	every        time.Duration
}

func (o *selectionOpts) flags() []cli.Flag {
	return []cli.Flag{
		&cli.DurationFlag{Name: "selection-build-timeout", Value: sqlstore.DefaultBuildTimeout, Destination: &o.buildTimeout,
			Sources: cli.EnvVars("KOPERNIK_SELECTION_BUILD_TIMEOUT"),
			Usage:   "how long a read of a stale selection waits for its rebuild before it serves the previous members"},
		&cli.BoolFlag{Name: "selection-build-on-read", Value: true, Destination: &o.buildOnRead,
			Sources: cli.EnvVars("KOPERNIK_SELECTION_BUILD_ON_READ"), DefaultText: "on",
			Usage: "rebuild a stale selection when its members are read (off: serve stored members as they are)"},
		&cli.DurationFlag{Name: "selection-rebuild-every", Value: time.Hour, Destination: &o.every,
			Sources: cli.EnvVars("KOPERNIK_SELECTION_REBUILD_EVERY"),
			Usage:   "interval of the scheduled rebuild of selections that move with time (also just after midnight); 0: none"},
	}
}

func (o *selectionOpts) options() sqlstore.SelectionOptions {
	return sqlstore.SelectionOptions{BuildTimeout: o.buildTimeout, NoBuildOnRead: !o.buildOnRead, Every: o.every}
}
