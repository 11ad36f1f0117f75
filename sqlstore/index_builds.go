package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"sync"

	"github.com/kopernik/kopernik"
)

// IndexBuilder is a dialect whose field indexes of one table can be built
// side by side, each in a transaction of its own on a connection of its own
// (PostgreSQL: CREATE INDEX takes a SHARE lock, which does not conflict with
// itself). IndexBuilds bounds how many run at once; IndexBuildSetup, when
// not "", runs in each build's transaction before its CREATE INDEX.
type IndexBuilder interface {
	IndexBuilds() int
	IndexBuildSetup() string
}

// buildIndexesAside builds the missing field indexes of o outside the
// writer, up to IndexBuilds at once, and says how many it built. It is only
// a head start: the caller then runs syncIndexes in the writer, which builds
// whatever this did not (an error here, a field changed meanwhile) and drops
// what is no longer wanted, so the end state is the same as without it.
// Each index commits alone, so a crash leaves whole indexes, and the missing
// rest is rebuilt at start (syncAllIndexes).
func (s *Store) buildIndexesAside(ctx context.Context, o kopernik.Owner) (int, error) {
	b, ok := s.d.(IndexBuilder)
	if !ok || b.IndexBuilds() < 2 {
		return 0, nil
	}
	missing, err := s.missingIndexes(ctx, o)
	if err != nil || len(missing) < 2 {
		// One index gains nothing from a connection of its own.
		return 0, err
	}
	sem := make(chan struct{}, b.IndexBuilds())
	built := make([]bool, len(missing))
	errs := make([]error, len(missing))
	var wg sync.WaitGroup
	for i, name := range missing {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			built[i], errs[i] = s.buildIndexAside(ctx, o, name)
		}()
	}
	wg.Wait()
	n := 0
	for i, err := range errs {
		if err != nil {
			return n, err
		}
		if built[i] {
			n++
		}
	}
	return n, nil
}

// missingIndexes names the field indexes o's fields ask for that its table
// lacks, in name order.
func (s *Store) missingIndexes(ctx context.Context, o kopernik.Owner) ([]string, error) {
	var missing []string
	err := s.asideTx(ctx, func(t *sql.Tx) error {
		want, err := s.wantedOn(ctx, t, o)
		if err != nil {
			return err
		}
		have, err := scanIndexNames(t.QueryContext(ctx, Rebind(s.d, s.d.IndexNamesSQL()), ownerTable(o)))
		if err != nil {
			return err
		}
		for _, n := range have {
			delete(want, n)
		}
		for n := range want {
			missing = append(missing, n)
		}
		slices.Sort(missing)
		return nil
	})
	return missing, err
}

// buildIndexAside builds one field index of o, if o's fields still ask for
// it, in a transaction of its own; it reports whether they did.
func (s *Store) buildIndexAside(ctx context.Context, o kopernik.Owner, name string) (bool, error) {
	wanted := false
	err := s.asideTx(ctx, func(t *sql.Tx) error {
		want, err := s.wantedOn(ctx, t, o)
		if err != nil {
			return err
		}
		cols, ok := want[name]
		if !ok {
			return nil
		}
		wanted = true
		if q := s.d.(IndexBuilder).IndexBuildSetup(); q != "" {
			if _, err := t.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		_, err = t.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS `+name+` ON `+ownerTable(o)+` `+cols)
		return err
	})
	return wanted && err == nil, err
}

// asideTx runs fn in a transaction on a read connection that holds the
// shared structure lock (LockSQL): a structure change waits until the
// transaction ends, and the fields fn reads stay what they are meanwhile.
func (s *Store) asideTx(ctx context.Context, fn func(t *sql.Tx) error) error {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if q := s.d.LockSQL(false); q != "" {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// wantedOn is wantedIndexes of o's fields as t sees them.
func (s *Store) wantedOn(ctx context.Context, t *sql.Tx, o kopernik.Owner) (map[string]string, error) {
	q, arg := ownerFieldsSQL(o)
	rows, err := t.QueryContext(ctx, Rebind(s.d, q), arg)
	fields, err := scanOwnerFields(rows, err, o)
	if err != nil {
		return nil, err
	}
	return s.wantedIndexes(fields), nil
}
