package httpapi

import (
	"github.com/kopernik/kopernik"
)

func listCollections(rq *request) error {
	return rq.ok(listOf(rq.page(), rq.db.Collections, collectionObj))
}

func getCollection(rq *request) error { return rq.ok(collectionObj(rq.coll)) }

func collectionInput(m *kopernik.Map) kopernik.CollectionInput {
	// database and fields (v1 page) are ignored: a collection cannot move.
	return kopernik.CollectionInput{Name: optString(m, "name"), Description: optString(m, "description")}
}

func createCollection(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateCollection(rq.r.Context(), rq.db.ID, collectionInput(m))
	if err != nil {
		return err
	}
	return rq.created(id, "collection/"+idStr(id))
}

func updateCollection(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateCollection(rq.r.Context(), rq.coll.ID, collectionInput(m)); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}
