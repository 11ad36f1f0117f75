package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

var databasesRoutes = &routeSet{get: listDatabases, post: createDatabase, tail: true}

var databaseRoutes = map[string]*routeSet{
	"":            {get: getDatabase, put: updateDatabase},
	"fields":      {get: listFields, post: createField, tail: true},
	"field":       {put: updateField, del: deleteField, param: true},
	"interests":   {get: listInterests, post: createInterest, tail: true},
	"collections": {get: listCollections, post: createCollection, tail: true},
	"unsubscribe": {get: getUnsubscribe, put: setUnsubscribe},
	"intentions":  {put: setIntentions, v2: true},
	"copy":        {post: copyDatabase, v2: true},
}

// withDatabase resolves database/{db} before looking at the rest of the path.
func (s *Server) withDatabase(rq *request) {
	if len(rq.segs) < 2 {
		rq.missingElement(1)
		return
	}
	rq.db = lookupDatabase(rq.cat, rq.segs[1])
	if rq.db == nil {
		rq.failMsg(kopernik.MsgNoDatabase)
		return
	}
	rq.dispatch(databaseRoutes, 2)
}

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

// fresh re-reads the catalog after a write, for handlers that answer with data.
func (rq *request) fresh() *kopernik.Catalog {
	cat, err := rq.s.store.Catalog(rq.r.Context())
	if err != nil {
		return rq.cat
	}
	return cat
}

func listDatabases(rq *request) {
	rq.ok(listOf(rq.page(), rq.cat.Databases, databaseObj))
}

func getDatabase(rq *request) { rq.ok(databaseObj(rq.db)) }

func createDatabase(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	in := kopernik.DatabaseInput{Name: optString(m, "name"), Description: optString(m, "description"), Archived: optBool(m, "archived")}
	id, err := rq.s.store.CreateDatabase(rq.r.Context(), in)
	if err != nil {
		rq.fail(err)
		return
	}
	rq.created(id, "database/"+idStr(id))
}

func updateDatabase(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	in := kopernik.DatabaseInput{Name: optString(m, "name"), Description: optString(m, "description"), Archived: optBool(m, "archived")}
	if err := rq.s.store.UpdateDatabase(rq.r.Context(), rq.db.ID, in); err != nil {
		rq.fail(err)
		return
	}
	rq.updated(rq.canonicalPath())
}

func copyDatabase(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
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
		rq.fail(err)
		return
	}
	rq.created(id, "database/"+idStr(id))
}

func getUnsubscribe(rq *request) {
	if rq.coll != nil {
		rq.ok(unsubscribeObj(rq.coll.Unsubscribe, rq.coll.Fields))
		return
	}
	rq.ok(unsubscribeObj(rq.db.Unsubscribe, rq.db.Fields))
}

func setUnsubscribe(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
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
		rq.fail(err)
		return
	}
	rq.updated(rq.canonicalPath())
}

func setIntentions(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	in := kopernik.IntentionsInput{Email: optBool(m, "email"), SMS: optBool(m, "sms"), Fax: optBool(m, "fax"), PDF: optBool(m, "pdf")}
	if err := rq.s.store.UpdateIntentions(rq.r.Context(), rq.owner(), in); err != nil {
		rq.fail(err)
		return
	}
	rq.updated(rq.canonicalPath())
}
