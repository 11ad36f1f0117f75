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
	var table, members, id, owner string
	switch {
	case ref.Kind == kopernik.KindView && defs.View(ref.ID) != nil:
		table, members, id, owner = profileTable(defs.View(ref.ID).Database), "view_members", "profile_id", "view_id"
	case ref.Kind == kopernik.KindMiniview && defs.Miniview(ref.ID) != nil:
		table, members, id, owner = subprofileTable(defs.Miniview(ref.ID).Collection), "miniview_members", "subprofile_id", "miniview_id"
	default:
		return nil, notFoundSelection(ref)
	}
	q := `SELECT m.` + id + ` FROM ` + members + ` m WHERE ` + liveMembers(ref, table, members, id, owner) + ` ORDER BY m.` + id
	if limit >= 0 {
		q += ` LIMIT ` + itoa(limit)
	} else if start > 0 {
		q += ` ` + s.d.Unlimited()
	}
	if start > 0 {
		q += ` OFFSET ` + itoa(start)
	}
	return scanIDs(s.rdb.QueryContext(ctx, q))
}

// memberClause restricts a list of table's rows to the members of ref. A
// comparison cmp bounds the member rows too (m.id cmp ?), for a page that
// continues after a known ID: the planner does not carry a bound on the
// entity's ID over to the member rows it is joined with, and would walk the
// selection's members from the first.
func memberClause(ref kopernik.SelectionRef, table, cmp string) string {
	id := "m.profile_id"
	q := "EXISTS (SELECT 1 FROM view_members m WHERE m.view_id = " + itoa(ref.ID)
	if ref.Kind == kopernik.KindMiniview {
		id = "m.subprofile_id"
		q = "EXISTS (SELECT 1 FROM miniview_members m WHERE m.miniview_id = " + itoa(ref.ID)
	}
	if cmp != "" {
		q += " AND " + id + " " + cmp + " ?"
	}
	return q + " AND " + id + " = " + table + ".id)"
}

// liveMembers is the condition on the member rows m of ref that are live
// entities of table. The members of a clean selection are exactly what a
// build computes, removed entities excluded, so they are read from the
// member table alone; only stale members are checked against the entity
// table. The build row is read in the same statement, so in one snapshot.
func liveMembers(ref kopernik.SelectionRef, table, members, id, owner string) string {
	return `m.` + owner + ` = ` + itoa(ref.ID) + `
		AND (EXISTS (SELECT 1 FROM selection_builds b WHERE b.kind = '` + kindWord(ref.Kind) + `' AND b.id = ` + itoa(ref.ID) + ` AND NOT b.dirty)
		OR NOT EXISTS (SELECT 1 FROM ` + table + ` e WHERE e.id = m.` + id + ` AND e.removed IS NOT NULL))`
}

// countMembers is the total of an unfiltered member list: the live members,
// counted on the member table rather than by testing every entity.
func (s *Store) countMembers(ctx context.Context, ref kopernik.SelectionRef, table string) (int64, error) {
	if ref.Kind == kopernik.KindMiniview {
		return s.count(ctx, "miniview_members m", liveMembers(ref, table, "miniview_members", "subprofile_id", "miniview_id"), nil)
	}
	return s.count(ctx, "view_members m", liveMembers(ref, table, "view_members", "profile_id", "view_id"), nil)
}
