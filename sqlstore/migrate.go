package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// Migrate brings the catalog schema up to date with the embedded migrations.
// It refuses a schema newer than this binary knows: running old code on a newer
// schema could write data the newer code cannot read.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, migrations fs.FS, apply bool, opts ...goose.ProviderOption) (from, to int64, err error) {
	p, err := goose.NewProvider(dialect, db, migrations, append(opts, goose.WithDisableGlobalRegistry(true))...)
	if err != nil {
		return 0, 0, err
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return 0, 0, err
	}
	if current > target {
		return current, target, fmt.Errorf("the data store has schema version %d, newer than this kopernik knows (%d): upgrade kopernik", current, target)
	}
	if current == target || !apply {
		if current < target && !apply {
			return current, target, fmt.Errorf("the data store has schema version %d, this kopernik needs %d: run `kopernik migrate` first", current, target)
		}
		return current, target, nil
	}
	if _, err := p.Up(ctx); err != nil {
		return current, target, fmt.Errorf("migrate: %w", err)
	}
	return current, target, nil
}
