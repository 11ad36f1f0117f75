package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
)

// A big import into an empty database spends most of its time keeping the
// field indexes up to date row by row: each row lands at a random place in
// each index. Building an index once from the loaded table sorts instead,
// several times faster. So when an import of at least deferIndexRows rows
// starts on a database without profiles, the indexes of its non-key fields
// are dropped, and rebuilt after the last row, before the job reports
// finished: on PostgreSQL two at a time, each on a connection and in a
// transaction of its own (index_builds.go), then in one structure job that
// builds whatever is still missing. Key fields keep their index: later
// batches look keys up in it.
//
// Meanwhile list reads do not force those indexes (orderIndex), and a
// filter on such a field scans: the database was empty a moment ago. A
// crash in between is repaired at start: the store rebuilds missing field
// indexes (syncAllIndexes) before the job resumes, with indexes in place;
// a run that resumes such a job on another PostgreSQL node rebuilds them at
// its end as well.
const deferIndexRows = 50000

// deferIndexes drops the non-key field indexes of the job's database when
// it holds no profile; it reports whether it did.
func (r *importRun) deferIndexes(keys []*kopernik.Field) (bool, error) {
	if r.im.TotalLines < deferIndexRows {
		return false, nil
	}
	o := kopernik.DatabaseOwner(r.im.DatabaseID)
	table := ownerTable(o)
	r.s.deferredIndexes.Store(table, true)
	dropped := false
	err := r.s.writeDDL(r.ctx, func(t *Tx) error {
		dropped = false
		var one int64
		rows, err := t.Query(`SELECT id FROM ` + table + ` LIMIT 1`)
		if err != nil {
			return err
		}
		for rows.Next() {
			one++
		}
		if err := closeRows(rows); err != nil || one > 0 {
			return err
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
	err = r.s.writeDDL(ctx, func(t *Tx) error { return t.syncIndexes(o) })
	if err == nil {
		r.s.deferredIndexes.Delete(ownerTable(o))
	}
	return aside, err
}
