package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// Migration is what a schema migration found and did, for `kopernik migrate`
// to report.
type Migration struct {
	From    int64   // schema version found
	To      int64   // newest version this binary knows
	Applied []int64 // versions applied now, in order
}

// Migrate brings the catalog schema up to date with the embedded migrations.
// It refuses a schema newer than this binary knows: running old code on a newer
// schema could write data the newer code cannot read.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, migrations fs.FS, apply bool, opts ...goose.ProviderOption) (Migration, error) {
	p, err := goose.NewProvider(dialect, db, migrations, append(opts, goose.WithDisableGlobalRegistry(true))...)
	if err != nil {
		return Migration{}, err
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return Migration{}, err
	}
	m := Migration{From: current, To: target}
	if current > target {
		return m, fmt.Errorf("the data store has schema version %d, newer than this kopernik knows (%d): upgrade kopernik", current, target)
	}
	if current == target || !apply {
		if current < target && !apply {
			return m, fmt.Errorf("the data store has schema version %d, this kopernik needs %d: run `kopernik migrate` first", current, target)
		}
		return m, nil
	}
	// Another node may have applied some of them meanwhile (PostgreSQL);
	// the results name only what this call applied.
	res, err := p.Up(ctx)
	for _, r := range res {
		if r.Error == nil {
			m.Applied = append(m.Applied, r.Source.Version)
		}
	}
	if err != nil {
		return m, fmt.Errorf("migrate: %w", err)
	}
	return m, nil
}
