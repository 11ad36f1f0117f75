package httpapi

import (
	"github.com/kopernik/kopernik"
)

var collectionRoutes = map[string]*routeSet{
	"":            {get: getCollection, put: updateCollection},
	"fields":      {get: listFields, post: createField, tail: true},
	"field":       {put: updateField, del: deleteField, param: true},
	"unsubscribe": {get: getUnsubscribe, put: setUnsubscribe},
	"intentions":  {put: setIntentions, v2: true},
}

// withCollection resolves collection/{c}: numeric IDs only (B5).
func (s *Server) withCollection(rq *request) {
	if len(rq.segs) < 2 {
		rq.missingElement(1)
		return
	}
	id, _ := parseID(rq.segs[1])
	rq.coll = rq.cat.Collection(id)
	if rq.coll == nil {
		rq.failMsg(kopernik.MsgNoCollection)
		return
	}
	rq.db = rq.cat.Database(rq.coll.DatabaseID)
	rq.dispatch(collectionRoutes, 2)
}

func listCollections(rq *request) {
	rq.ok(listOf(rq.page(), rq.db.Collections, collectionObj))
}

func getCollection(rq *request) { rq.ok(collectionObj(rq.coll)) }

func collectionInput(m *kopernik.Map) kopernik.CollectionInput {
	// database and fields (v1 page) are ignored: a collection cannot move.
	return kopernik.CollectionInput{Name: optString(m, "name"), Description: optString(m, "description")}
}

func createCollection(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	id, err := rq.s.store.CreateCollection(rq.r.Context(), rq.db.ID, collectionInput(m))
	if err != nil {
		rq.fail(err)
		return
	}
	rq.created(id, "collection/"+idStr(id))
}

func updateCollection(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	if err := rq.s.store.UpdateCollection(rq.r.Context(), rq.coll.ID, collectionInput(m)); err != nil {
		rq.fail(err)
		return
	}
	rq.updated(rq.canonicalPath())
}
