package sqlstore

import (
	"context"
	"runtime"

	"github.com/kopernik/kopernik"
)

// A big import spends most of its time keeping the field indexes up to
// date row by row: each row lands at a random place in each index, and on
// SQLite the indexes of a large table outgrow the writer's cache, so every
// batch rewrites index pages all over the file. Building an index once from
// the loaded table sorts instead, several times faster. So when an import of
// at least deferIndexRows rows starts on a database that holds no more
// profiles than the import has rows, the indexes of its non-key fields are
// dropped, and rebuilt after the last row, before the job reports finished:
// on PostgreSQL two at a time, each on a connection and in a transaction of
// its own (index_builds.go), then in one structure job that builds whatever
// is still missing. Key fields keep their index: later batches look keys up
// in it. A database many times the import's size keeps its indexes: there
// the rebuild would cost more than the rows.
//
// Meanwhile list reads do not force those indexes (orderIndex), and a
// filter on such a field scans: slower reads for the length of the import,
// the price of a load that takes a fraction of the time. A crash in between
// is repaired at start: the store rebuilds missing field indexes
// (syncAllIndexes) before the job resumes, with indexes in place; a run
// that resumes such a job on another PostgreSQL node rebuilds them at its
// end as well.
const deferIndexRows = 50000

// deferIndexes drops the non-key field indexes of the job's database when
// it holds no more profiles than the job has rows; it reports whether it
// did.
func (r *importRun) deferIndexes(keys []*kopernik.Field) (bool, error) {
	if r.im.TotalLines < deferIndexRows {
		return false, nil
	}
	o := kopernik.DatabaseOwner(r.im.DatabaseID)
	table := ownerTable(o)
	r.s.deferredIndexes.Store(table, true)
	dropped := false
	var held int64
	err := r.s.writeDDL(r.ctx, func(t *Tx) error {
		dropped = false
		// Counted up to one past the job's rows: a bounded scan however
		// large the table.
		if err := t.QueryRow(`SELECT count(*) FROM (SELECT 1 FROM `+table+` LIMIT ?) AS held`, r.im.TotalLines+1).Scan(&held); err != nil {
			return err
		}
		if held > r.im.TotalLines {
			return nil
		}
		fields, err := t.ownerFieldRows(o)
		if err != nil {
			return err
		}
		want := t.s.wantedIndexes(fields)
		keep := map[string]string{}
		all := indexedFields(fields)
		for i, f := range all {
			for _, k := range keys {
				if k.ID == f.id {
					name, cols := t.s.fieldIndex(all, i)
					keep[name] = cols
				}
			}
		}
		if len(keep) == len(want) {
			return nil
		}
		dropped = true
		return t.reconcileIndexes(o, keep)
	})
	if err != nil || !dropped {
		r.s.deferredIndexes.Delete(table)
	}
	if dropped {
		r.cfg.Log.Info("import: set the field indexes aside", "import", r.im.ID, "lines", r.im.TotalLines, "profiles", held)
	}
	return dropped, err
}

// restoreIndexes builds the indexes deferIndexes dropped: side by side
// where the engine can (buildIndexesAside), then whatever is still missing
// in the writer, which also settles any field change made meanwhile. Reads
// keep ignoring the indexes until the writer's pass is done.
// It returns how many indexes were built side by side.
func (r *importRun) restoreIndexes(ctx context.Context) (int, error) {
	o := kopernik.DatabaseOwner(r.im.DatabaseID)
	aside, err := r.s.buildIndexesAside(ctx, o)
	if ctx.Err() != nil {
		// Stopping mid-way: as when stopping before (rows), the next run of
		// the job or the next start builds the rest.
		return aside, ctx.Err()
	}
	if err != nil {
		r.cfg.Log.Warn("import: building field indexes side by side; the writer builds the rest", "import", r.im.ID, "err", err)
	}
	err = r.s.writeDDL(ctx, func(t *Tx) error { return t.withSortThreads(func() error { return t.syncIndexes(o) }) })
	if err == nil {
		r.s.deferredIndexes.Delete(ownerTable(o))
	}
	return aside, err
}

// SortThreader is a dialect whose big sorts can take helper threads, set
// per connection (SQLite: PRAGMA threads). Building an index from a loaded
// table is mostly one sort, which helper threads shorten by about a third
// on two cores (1,000,000 rows, four indexes: 5.9 s → 4.0 s). Each thread
// sorts in a buffer of its own, so the writer turns them on only around
// those builds: left on, they lift the server's peak memory past its bound
// during a long import.
type SortThreader interface {
	SortThreadsSQL(n int) string
	// SortThreadsDone runs after the threads were turned off.
	SortThreadsDone()
}

// withSortThreads runs fn with sort helper threads on the writer's
// connection, one per core up to four, where the dialect has them.
func (t *Tx) withSortThreads(fn func() error) error {
	st, ok := t.s.d.(SortThreader)
	if !ok {
		return fn()
	}
	if _, err := t.Exec(st.SortThreadsSQL(min(4, runtime.GOMAXPROCS(0)))); err != nil {
		return err
	}
	err := fn()
	// Off again even when fn failed: the connection outlives this job.
	if _, e := t.Exec(st.SortThreadsSQL(0)); err == nil {
		err = e
	}
	st.SortThreadsDone()
	return err
}
