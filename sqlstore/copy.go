package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// CopyDatabase copies a database inside one transaction, so the answer implies a
// complete copy (structure.md §5.5). The copied profiles and subprofiles are
// creates by the caller "copy" (webhooks.md §3.6).
func (s *Store) CopyDatabase(ctx context.Context, id int64, name string, opt kopernik.CopyOptions) (int64, error) {
	var newID int64
	err := s.writeDDL(kopernik.WithCaller(ctx, kopernik.CallerCopy), func(t *Tx) error {
		src, err := t.database(id)
		if err != nil {
			return err
		}
		desc := src.Description
		newID, err = t.createDatabase(kopernik.DatabaseInput{Name: &name, Description: &desc})
		if err != nil {
			return err
		}
		fieldMap, err := t.copyFields(src.Fields, kopernik.DatabaseOwner(newID))
		if err != nil {
			return err
		}
		interestMap := map[int64]int64{}
		for _, i := range src.Interests {
			var nid int64
			if err := t.QueryRow(`INSERT INTO interests (database_id, name, grp, description) VALUES (?, ?, ?, ?) RETURNING id`,
				newID, i.Name, i.Group, i.Description).Scan(&nid); err != nil {
				return err
			}
			interestMap[i.ID] = nid
		}
		if err := t.copyUnsubscribe(src.Unsubscribe, kopernik.DatabaseOwner(newID), fieldMap); err != nil {
			return err
		}
		collMap := map[int64]int64{}
		if opt.Collections {
			// The new database exists only in the transaction so far; the
			// collections below are created in it, so the snapshot must see it.
			if err := t.reloadCatalog(); err != nil {
				return err
			}
			for _, c := range src.Collections {
				d, err := t.database(newID)
				if err != nil {
					return err
				}
				cid, err := t.createCollection(d, c.Name, c.Description)
				if err != nil {
					return err
				}
				collMap[c.ID] = cid
				cfm, err := t.copyFields(c.Fields, kopernik.CollectionOwner(cid))
				if err != nil {
					return err
				}
				for k, v := range cfm {
					fieldMap[k] = v
				}
				if err := t.copyUnsubscribe(c.Unsubscribe, kopernik.CollectionOwner(cid), fieldMap); err != nil {
					return err
				}
				if err := t.reloadCatalog(); err != nil {
					return err
				}
			}
		}
		copied, err := t.copySelections(src, newID, opt, fieldMap, interestMap, collMap)
		if err != nil {
			return err
		}
		if err := t.commitDefinitions(copied, nil); err != nil {
			return err
		}
		if opt.Profiles {
			return t.copyProfiles(src, newID, fieldMap, interestMap, collMap, opt.Collections && opt.Subprofiles)
		}
		return nil
	})
	return newID, err
}

func (t *Tx) copyFields(fields []*kopernik.Field, to kopernik.Owner) (map[int64]int64, error) {
	m := map[int64]int64{}
	for _, f := range fields {
		nf := *f
		nf.ID, nf.Owner = 0, to
		if err := t.insertField(&nf); err != nil {
			return nil, err
		}
		m[f.ID] = nf.ID
	}
	return m, nil
}

func (t *Tx) copyUnsubscribe(u kopernik.Unsubscribe, to kopernik.Owner, fieldMap map[int64]int64) error {
	var ufs []kopernik.UnsubscribeField
	for _, uf := range u.Fields {
		if nid, ok := fieldMap[uf.FieldID]; ok {
			ufs = append(ufs, kopernik.UnsubscribeField{FieldID: nid, Value: uf.Value})
		}
	}
	_, err := t.Exec(`UPDATE `+ownerCatalogTable(to)+` SET unsub_behavior = ?, unsub_fields = ? WHERE id = ?`,
		u.Behavior, encodeUnsubFields(ufs), to.ID)
	return err
}

// copySelections copies the source database's views (opt.Views) and the
// miniviews of its copied collections (opt.Miniviews) with their rules and
// conditions, and lists the copies. Every reference is rewritten to the copy of its target
// (structure.md §5.5); a target that was not copied (a miniview when only
// views are copied) leaves the reference dangling. Like the database copy,
// the copied views and miniviews start with every intention off.
func (t *Tx) copySelections(src *kopernik.Database, newDB int64, opt kopernik.CopyOptions, fieldMap, interestMap, collMap map[int64]int64) ([]kopernik.SelectionRef, error) {
	defs := t.defs()
	miniMap, viewMap := map[int64]int64{}, map[int64]int64{}
	var copies [][2]kopernik.SelectionRef
	if opt.Miniviews {
		for _, c := range src.Collections {
			for _, m := range defs.MiniviewsOf(c.ID) {
				nm := kopernik.Miniview{Collection: collMap[c.ID], Name: m.Name, Description: m.Description}
				id, err := t.insertMiniview(&nm)
				if err != nil {
					return nil, err
				}
				miniMap[m.ID] = id
				copies = append(copies, [2]kopernik.SelectionRef{kopernik.MiniviewRef(m.ID), kopernik.MiniviewRef(id)})
			}
		}
	}
	if opt.Views {
		for _, v := range defs.ViewsOf(src.ID) { // by ID: parents first
			nv := kopernik.View{Database: newDB, Parent: viewMap[v.Parent], Name: v.Name, Description: v.Description}
			id, err := t.insertView(&nv)
			if err != nil {
				return nil, err
			}
			viewMap[v.ID] = id
			copies = append(copies, [2]kopernik.SelectionRef{kopernik.ViewRef(v.ID), kopernik.ViewRef(id)})
		}
	}
	lookup := func(m map[int64]int64) func(int64) int64 { return func(id int64) int64 { return m[id] } }
	remap := selection.Remap{Field: lookup(fieldMap), Interest: lookup(interestMap), View: lookup(viewMap), Miniview: lookup(miniMap)}
	var refs []kopernik.SelectionRef
	for _, c := range copies {
		if err := t.copyRules(defs, c[0], c[1], remap); err != nil {
			return nil, err
		}
		refs = append(refs, c[1])
	}
	return refs, nil
}
