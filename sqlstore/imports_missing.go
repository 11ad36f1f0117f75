package sqlstore

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/imports"
)

// The removeMissing phase of an import job, after its rows.
// removeMissing removes the live entities no row matched or made, in
// batches that each record progress (the phase), after every row applied.
func (r *importRun) removeMissing() error {
	cat := r.s.cat.Load()
	p, db, err := r.planner(cat)
	if err != nil {
		r.rep.Stop(err)
		return r.finish(kopernik.ImportError)
	}
	o := kopernik.DatabaseOwner(db.ID)
	// The level the rows wrote: subprofiles when they address a collection.
	if c := r.collectionOf(p); c != nil {
		o = kopernik.CollectionOwner(c.ID)
	}
	for {
		more := false
		err := r.s.write(r.ctx, func(t *Tx) error {
			more = false
			rows, err := t.Query(`SELECT id FROM `+ownerTable(o)+` WHERE removed IS NULL AND id NOT IN
				(SELECT entity_id FROM import_touched WHERE import_id = ?) ORDER BY id LIMIT 1000`, r.im.ID)
			if err != nil {
				return err
			}
			var ids []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			if err := closeRows(rows); err != nil {
				return err
			}
			for _, id := range ids {
				e, err := t.s.loadEntity(t.ctx, t.conn, t.Cat, o.Kind, id)
				if err != nil {
					return err
				}
				if err := t.removeEntity(e); err != nil {
					return err
				}
			}
			more = len(ids) > 0
			if more {
				return r.progress(t, `phase = 'missing'`)
			}
			return r.progress(t, `status = ?, phase = 'done', report = ?, last_error = ?, processed_lines = processed_lines`,
				string(kopernik.ImportFinished), jsonText(&r.rep), r.rep.LastError())
		})
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}

// collectionOf is the collection the job's rows write into: the planner
// knows it once it has seen the columns, so they are read again.
func (r *importRun) collectionOf(p *imports.Planner) *kopernik.Collection {
	if c := p.Collection(); c != nil {
		return c
	}
	src, err := imports.OpenSniffed(r.im.Format, r.im.Delimiter, r.s.openSource(r.ctx, r.im.ID), r.cfg.Limits)
	if err != nil {
		return nil
	}
	for {
		_, err := src.Next()
		if err == nil {
			_ = p.Columns(src.Columns())
			return p.Collection()
		}
		if !imports.IsRowError(err) {
			_ = p.Columns(src.Columns())
			return p.Collection()
		}
	}
}
