package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

func (rq *request) owner() kopernik.Owner {
	if rq.coll != nil {
		return kopernik.CollectionOwner(rq.coll.ID)
	}
	return kopernik.DatabaseOwner(rq.db.ID)
}

func (rq *request) ownerFields() []*kopernik.Field {
	if rq.coll != nil {
		return rq.coll.Fields
	}
	return rq.db.Fields
}

// ownerPath is the canonical path of the addressed database or collection.
func (rq *request) ownerPath() string {
	if rq.coll != nil {
		return "collection/" + idStr(rq.coll.ID)
	}
	return "database/" + idStr(rq.db.ID)
}

func listDatabases(rq *request) error {
	return rq.ok(listOf(rq.page(), rq.cat.Databases, databaseObj))
}

func getDatabase(rq *request) error { return rq.ok(databaseObj(rq.db)) }

func databaseInput(m *kopernik.Map) kopernik.DatabaseInput {
	return kopernik.DatabaseInput{Name: optString(m, "name"), Description: optString(m, "description"), Archived: optBool(m, "archived")}
}

func createDatabase(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateDatabase(rq.r.Context(), databaseInput(m))
	if err != nil {
		return err
	}
	return rq.created(id, "database/"+idStr(id))
}

func updateDatabase(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateDatabase(rq.r.Context(), rq.db.ID, databaseInput(m)); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func copyDatabase(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	name := ""
	if p := optString(m, "name"); p != nil {
		name = *p
	}
	var opt kopernik.CopyOptions
	if v, ok := m.Get("options"); ok {
		if om, ok := reqdata.AsMap(v); ok {
			flag := func(k string) bool { b := optBool(om, k); return b != nil && *b }
			opt = kopernik.CopyOptions{Views: flag("views"), Collections: flag("collections"),
				Miniviews: flag("miniviews"), Profiles: flag("profiles"), Subprofiles: flag("subprofiles")}
			// Options that depend on others are silently off without them (§5.5).
			opt.Miniviews = opt.Miniviews && opt.Collections
			opt.Subprofiles = opt.Subprofiles && opt.Collections && opt.Profiles
		}
	}
	id, err := rq.s.store.CopyDatabase(rq.r.Context(), rq.db.ID, name, opt)
	if err != nil {
		return err
	}
	return rq.created(id, "database/"+idStr(id))
}

func getUnsubscribe(rq *request) error {
	if rq.coll != nil {
		return rq.ok(unsubscribeObj(rq.coll.Unsubscribe, rq.coll.Fields))
	}
	return rq.ok(unsubscribeObj(rq.db.Unsubscribe, rq.db.Fields))
}

func setUnsubscribe(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	behavior := ""
	if p := optString(m, "behavior"); p != nil {
		behavior = *p
	}
	var fields *kopernik.Map
	if v, ok := m.Get("fields"); ok {
		fields, _ = reqdata.AsMap(v)
	}
	if err := rq.s.store.SetUnsubscribe(rq.r.Context(), rq.owner(), behavior, fields); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func setIntentions(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	in := kopernik.IntentionsInput{Email: optBool(m, "email"), SMS: optBool(m, "sms"), Fax: optBool(m, "fax"), PDF: optBool(m, "pdf")}
	if err := rq.s.store.UpdateIntentions(rq.r.Context(), rq.owner(), in); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}
