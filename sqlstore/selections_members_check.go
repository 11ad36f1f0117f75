package sqlstore

import (
	"context"
	"slices"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// What the property tests, the crash test and `kopernik` tooling use to
// compare the members the writer keeps with a full build.

// BuildAllSelections builds every view and miniview of the account in one
// writer job, dependencies first, with one now (§3.5 item 4).
func (s *Store) BuildAllSelections(ctx context.Context) error {
	return s.write(ctx, func(t *Tx) error {
		order, err := t.defs().BuildOrder()
		if err != nil {
			return err
		}
		now := t.s.now()
		for _, ref := range order {
			if err := t.BuildSelection(ref, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// StoredSelections reads the stored members of every view and miniview
// (IDs ascending; a selection without members is absent) and their build
// states.
func (s *Store) StoredSelections(ctx context.Context) (selection.Members, map[kopernik.SelectionRef]BuildState, error) {
	members := selection.Members{}
	for _, q := range []struct {
		kind kopernik.SelectionKind
		sql  string
	}{
		{kopernik.KindView, `SELECT view_id, profile_id FROM view_members ORDER BY view_id, profile_id`},
		{kopernik.KindMiniview, `SELECT miniview_id, subprofile_id FROM miniview_members ORDER BY miniview_id, subprofile_id`},
	} {
		rows, err := s.query(ctx, q.sql)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var sel, id int64
			if err := rows.Scan(&sel, &id); err != nil {
				rows.Close()
				return nil, nil, err
			}
			ref := kopernik.SelectionRef{Kind: q.kind, ID: sel}
			members[ref] = append(members[ref], id)
		}
		if err := closeRows(rows); err != nil {
			return nil, nil, err
		}
	}
	cat, err := s.Catalog(ctx)
	if err != nil {
		return nil, nil, err
	}
	defs := selection.Of(cat)
	var refs []kopernik.SelectionRef
	for _, v := range defs.Views {
		refs = append(refs, kopernik.ViewRef(v.ID))
	}
	for _, m := range defs.Miniviews {
		refs = append(refs, kopernik.MiniviewRef(m.ID))
	}
	states, err := s.buildStates(ctx, s.rdb, refs)
	if err != nil {
		return nil, nil, err
	}
	for _, ids := range members {
		slices.Sort(ids)
	}
	return members, states, nil
}

// RebuildSelectionNow rebuilds ref (and what it depends on, where stale) in
// one writer job and returns when it is committed; what depends on ref is
// marked dirty, as after the rebuild route.
func (s *Store) RebuildSelectionNow(ctx context.Context, ref kopernik.SelectionRef) error {
	now := s.now()
	return s.writeAlone(ctx, func(t *Tx) error { return t.buildFresh(ref, now, true) })
}
