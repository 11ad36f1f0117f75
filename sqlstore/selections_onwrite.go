package sqlstore

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// markDirtyOnWrite keeps members honest without an incremental path: a
// profile or subprofile change marks every view and miniview of its
// database dirty, to be rebuilt on the next read. The incremental
// maintenance of per-entity selections replaces this observer (it keeps
// those clean and marks the others dirty itself).
func markDirtyOnWrite(t *Tx, c *kopernik.Change) error {
	defs := t.defs()
	if len(defs.Views) == 0 && len(defs.Miniviews) == 0 {
		return nil
	}
	o := c.Entity.Owner
	db := o.ID
	if o.Kind == kopernik.OwnerCollection {
		coll := t.Cat.Collection(o.ID)
		if coll == nil {
			return nil
		}
		db = coll.DatabaseID
	}
	return t.MarkSelectionsDirty(selectionsOf(t.Cat, defs, db))
}

// selectionsOf lists the views and miniviews of a database.
func selectionsOf(cat *kopernik.Catalog, defs *selection.Definitions, db int64) []kopernik.SelectionRef {
	var out []kopernik.SelectionRef
	for _, v := range defs.Views {
		if v.Database == db {
			out = append(out, kopernik.ViewRef(v.ID))
		}
	}
	for _, m := range defs.Miniviews {
		if c := cat.Collection(m.Collection); c != nil && c.DatabaseID == db {
			out = append(out, kopernik.MiniviewRef(m.ID))
		}
	}
	return out
}
