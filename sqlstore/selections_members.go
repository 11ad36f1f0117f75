package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Reading stored members: the ID lists, and the restriction the entity
// lists add for ListQuery.Members.

// MemberIDs implements kopernik.SelectionMemberStore: the stored members,
// live ones only (§9: a removed entity leaves at the next build, and reads
// filter it out until then).
func (s *Store) MemberIDs(ctx context.Context, ref kopernik.SelectionRef, start, limit int64) ([]int64, error) {
	defs := selection.Of(s.cat.Load())
	var table, q string
	switch {
	case ref.Kind == kopernik.KindView && defs.View(ref.ID) != nil:
		table = profileTable(defs.View(ref.ID).Database)
		q = `SELECT m.profile_id FROM view_members m JOIN ` + table + ` e ON e.id = m.profile_id
			WHERE m.view_id = ` + itoa(ref.ID) + ` AND e.removed IS NULL ORDER BY m.profile_id`
	case ref.Kind == kopernik.KindMiniview && defs.Miniview(ref.ID) != nil:
		table = subprofileTable(defs.Miniview(ref.ID).Collection)
		q = `SELECT m.subprofile_id FROM miniview_members m JOIN ` + table + ` e ON e.id = m.subprofile_id
			WHERE m.miniview_id = ` + itoa(ref.ID) + ` AND e.removed IS NULL ORDER BY m.subprofile_id`
	default:
		return nil, notFoundSelection(ref)
	}
	if limit >= 0 {
		q += ` LIMIT ` + itoa(limit)
	} else if start > 0 {
		q += ` ` + s.d.Unlimited()
	}
	if start > 0 {
		q += ` OFFSET ` + itoa(start)
	}
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows)
}

// memberClause restricts a list of table's rows to the members of ref.
func memberClause(ref kopernik.SelectionRef, table string) string {
	if ref.Kind == kopernik.KindMiniview {
		return "EXISTS (SELECT 1 FROM miniview_members m WHERE m.miniview_id = " + itoa(ref.ID) +
			" AND m.subprofile_id = " + table + ".id)"
	}
	return "EXISTS (SELECT 1 FROM view_members m WHERE m.view_id = " + itoa(ref.ID) +
		" AND m.profile_id = " + table + ".id)"
}
