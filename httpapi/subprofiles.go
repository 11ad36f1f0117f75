package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

func getSubprofile(rq *request) error { return rq.ok(subprofileObj(rq.ent.e, rq.coll, false)) }

// updateSubprofile serves PUT subprofile/{id} and its POST alias, which
// answers like the PUT (O24).
func updateSubprofile(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	return rq.applyEntityUpdate(entityUpdateInput(m, false))
}

func listProfileSubprofiles(rq *request) error {
	c := rq.subColl
	q, p, err := rq.listQuery(kopernik.CollectionOwner(c.ID))
	if err != nil {
		return err
	}
	q.ProfileID = rq.ent.e.ID
	dataOnly := rq.q.Bool("dataonly", false)
	return rq.writeList(q, p, func(e *kopernik.Entity) any { return subprofileObj(e, c, dataOnly) })
}

// createSubprofile takes the field map as the whole body (B38); it works under
// a removed profile too (B39).
func createSubprofile(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateEntity(rq.r.Context(), kopernik.CollectionOwner(rq.subColl.ID), rq.ent.e.ID, kopernik.EntityInput{Fields: m})
	if err != nil {
		return err
	}
	return rq.created(id, "subprofile/"+idStr(id))
}

// updateProfileSubprofiles is PUT profile/{pid}/subprofiles/{coll} (§3.14, O4):
// the selector must be usable; create makes a subprofile of {pid}.
func updateProfileSubprofiles(rq *request) error {
	conds, err := rq.requireSelector()
	if err != nil {
		return err
	}
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	q := kopernik.ListQuery{Owner: kopernik.CollectionOwner(rq.subColl.ID), ProfileID: rq.ent.e.ID}
	if q.Where, err = rq.selector(rq.subColl.Fields, conds, true); err != nil {
		return err
	}
	res, err := rq.s.store.UpdateMatching(rq.r.Context(), q, kopernik.EntityInput{Fields: m}, rq.q.Bool("create", false))
	if err != nil {
		return err
	}
	return rq.answerBulk(res, "subprofile")
}

func listCollectionSubprofiles(rq *request) error {
	q, p, err := rq.listQuery(kopernik.CollectionOwner(rq.coll.ID))
	if err != nil {
		return err
	}
	dataOnly := rq.q.Bool("dataonly", false)
	c := rq.coll
	return rq.writeList(q, p, func(e *kopernik.Entity) any { return subprofileObj(e, c, dataOnly) })
}

func subprofileIDs(rq *request) error { return rq.writeIDs(kopernik.CollectionOwner(rq.coll.ID)) }

// updateCollectionSubprofiles is PUT collection/{c}/subprofiles (O21):
// selector required, create ignored, a lone "fields" wrapper unwrapped.
func updateCollectionSubprofiles(rq *request) error {
	conds, err := rq.requireSelector()
	if err != nil {
		return err
	}
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if m.Len() == 1 && m.Keys[0] == "fields" && kopernik.FieldByName(rq.coll.Fields, "fields") == nil {
		if inner, ok := reqdata.AsMap(m.Values[0]); ok {
			m = inner
		}
	}
	q := kopernik.ListQuery{Owner: kopernik.CollectionOwner(rq.coll.ID)}
	if q.Where, err = rq.selector(rq.coll.Fields, conds, true); err != nil {
		return err
	}
	if _, err := rq.s.store.UpdateMatching(rq.r.Context(), q, kopernik.EntityInput{Fields: m}, false); err != nil {
		return err
	}
	return rq.bulkUpdated()
}
