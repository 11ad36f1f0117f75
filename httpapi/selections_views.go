package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
	"github.com/kopernik/kopernik/selection"
)

// Views (selections.md §8.2).

// listDatabaseViews lists the views whose parent is the database (O-4);
// nested ones are listed by view/{id}/views.
func listDatabaseViews(rq *request) error {
	return pageOf(rq, selection.Of(rq.cat).TopViews(rq.db.ID), rq.viewObjects)
}

func listNestedViews(rq *request) error {
	return pageOf(rq, selection.Of(rq.cat).Children(rq.view.ID), rq.viewObjects)
}

// createView makes a top-level view (database/{db}/views) or a nested one
// (view/{id}/views).
func createView(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	var parent int64
	if rq.view != nil {
		parent = rq.view.ID
	}
	id, err := rq.s.store.CreateView(rq.r.Context(), rq.db.ID, parent, m)
	if err != nil {
		return err
	}
	return rq.created(id, "view/"+idStr(id))
}

func getView(rq *request) error {
	objs, err := rq.viewObjects([]*kopernik.View{rq.view})
	if err != nil {
		return err
	}
	return rq.ok(objs[0])
}

func updateView(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateView(rq.r.Context(), rq.view.ID, m); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func deleteView(rq *request) error {
	if err := rq.s.store.DeleteView(rq.r.Context(), rq.view.ID); err != nil {
		return err
	}
	return rq.deleted("view", rq.view.ID)
}

// copyView copies a view beside itself (O-23): `name` is required,
// `options.views` copies its nested views too.
func copyView(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	name := ""
	if p := optString(m, "name"); p != nil {
		name = *p
	}
	nested := false
	if v, ok := m.Get("options"); ok {
		if om, ok := reqdata.AsMap(v); ok {
			nested = derefBool(optBool(om, "views"))
		}
	}
	id, err := rq.s.store.CopyView(rq.r.Context(), rq.view.ID, name, nested)
	if err != nil {
		return err
	}
	return rq.created(id, "view/"+idStr(id))
}

// setSelectionIntentions is PUT view/{id}/intentions and
// miniview/{id}/intentions; a POST runs it with a POST's answer (O-24).
func setSelectionIntentions(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	in := kopernik.IntentionsInput{Email: optBool(m, "email"), SMS: optBool(m, "sms"), Fax: optBool(m, "fax"), PDF: optBool(m, "pdf")}
	ref := kopernik.ViewRef(0)
	if rq.miniview != nil {
		ref = kopernik.MiniviewRef(rq.miniview.ID)
	} else {
		ref.ID = rq.view.ID
	}
	if err := rq.s.store.UpdateSelectionIntentions(rq.r.Context(), ref, in); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func derefBool(b *bool) bool { return b != nil && *b }
