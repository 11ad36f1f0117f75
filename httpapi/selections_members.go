package httpapi

import (
	"github.com/kopernik/kopernik"
)

// Members of views and miniviews and their rebuild (selections.md §3.5,
// §8.2, §8.3): the lists are the database's and collection's lists
// restricted to the stored members, which the store first makes current.

func viewProfiles(rq *request) error {
	ref := kopernik.ViewRef(rq.view.ID)
	if err := rq.s.store.EnsureMembers(rq.r.Context(), ref); err != nil {
		return err
	}
	q, p, err := rq.listQuery(kopernik.DatabaseOwner(rq.db.ID))
	if err != nil {
		return err
	}
	q.Members = ref
	dataOnly := rq.q.Bool("dataonly", false)
	d := rq.db
	return rq.writeList(q, p, func(e *kopernik.Entity) any { return profileObj(e, d, dataOnly) })
}

func miniviewSubprofiles(rq *request) error {
	ref := kopernik.MiniviewRef(rq.miniview.ID)
	if err := rq.s.store.EnsureMembers(rq.r.Context(), ref); err != nil {
		return err
	}
	q, p, err := rq.listQuery(kopernik.CollectionOwner(rq.coll.ID))
	if err != nil {
		return err
	}
	q.Members = ref
	dataOnly := rq.q.Bool("dataonly", false)
	c := rq.coll
	return rq.writeList(q, p, func(e *kopernik.Entity) any { return subprofileObj(e, c, dataOnly) })
}

func viewProfileIDs(rq *request) error { return rq.writeMemberIDs(kopernik.ViewRef(rq.view.ID)) }

func miniviewSubprofileIDs(rq *request) error {
	return rq.writeMemberIDs(kopernik.MiniviewRef(rq.miniview.ID))
}

// writeMemberIDs answers like database/{id}/profileids (writeIDs): the same
// start and limit, all IDs when no limit is given.
func (rq *request) writeMemberIDs(ref kopernik.SelectionRef) error {
	if err := rq.s.store.EnsureMembers(rq.r.Context(), ref); err != nil {
		return err
	}
	start := rq.q.Int("start", 0)
	limit := int64(-1)
	if rq.q.Has("limit") {
		limit = rq.q.Int("limit", 0)
	}
	if start < 0 || limit == 0 {
		return rq.ok([]string{})
	}
	ids, err := rq.s.store.MemberIDs(rq.r.Context(), ref, start, limit)
	if err != nil {
		return err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = idStr(id)
	}
	return rq.ok(out)
}

// rebuildSelection starts a rebuild and answers at once, like a POST on a
// PUT route for POST and PUT alike (O-24, §8.8); last-built moves when the
// build commits.
func rebuildSelection(rq *request) error {
	ref := kopernik.ViewRef(0)
	if rq.miniview != nil {
		ref = kopernik.MiniviewRef(rq.miniview.ID)
	} else {
		ref.ID = rq.view.ID
	}
	if err := rq.s.store.RebuildSelection(rq.r.Context(), ref); err != nil {
		return err
	}
	return rq.updatedByPost()
}
