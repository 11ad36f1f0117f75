package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Miniviews (selections.md §8.3).

func listMiniviews(rq *request) error {
	return pageOf(rq, selection.Of(rq.cat).MiniviewsOf(rq.coll.ID), rq.miniviewObjects)
}

func createMiniview(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateMiniview(rq.r.Context(), rq.coll.ID, m)
	if err != nil {
		return err
	}
	return rq.created(id, "miniview/"+idStr(id))
}

func getMiniview(rq *request) error {
	objs, err := rq.miniviewObjects([]*kopernik.Miniview{rq.miniview})
	if err != nil {
		return err
	}
	return rq.ok(objs[0])
}

func updateMiniview(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateMiniview(rq.r.Context(), rq.miniview.ID, m); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func deleteMiniview(rq *request) error {
	if err := rq.s.store.DeleteMiniview(rq.r.Context(), rq.miniview.ID); err != nil {
		return err
	}
	return rq.deleted("miniview", rq.miniview.ID)
}

// miniviewViews lists the views with a MiniView condition on the miniview
// (§3.4).
func miniviewViews(rq *request) error {
	return pageOf(rq, selection.Of(rq.cat).ViewsUsingMiniview(rq.miniview.ID), rq.viewObjects)
}
