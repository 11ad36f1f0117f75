package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

var subprofileRoutes = map[string]*routeSet{
	"":            {get: getSubprofile, put: updateSubprofile, del: deleteEntity},
	"fields":      {get: getEntityFields, put: updateEntityFields, tail: true, putTail: true},
	"events":      {get: getEvents},
	"unsubscribe": {put: unsubscribeEntity, v2: true},
}

func init() {
	extraWords["subprofile"] = func(s *Server, rq *request) { s.withEntity(rq, kopernik.OwnerCollection, subprofileRoutes) }
	profileRoutes["subprofiles"] = &routeSet{get: listProfileSubprofiles, post: createSubprofile,
		put: updateProfileSubprofiles, param: true, tail: true}
	collectionRoutes["subprofiles"] = &routeSet{get: listCollectionSubprofiles, put: updateCollectionSubprofiles,
		tail: true}
	collectionRoutes["subprofileids"] = &routeSet{get: subprofileIDs}
}

func getSubprofile(rq *request) { rq.ok(subprofileObj(rq.ent.e, rq.coll, false)) }

func updateSubprofile(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	rq.applyEntityUpdate(entityUpdateInput(m, false))
}

// subprofileCollection resolves {coll} of profile/{pid}/subprofiles/{coll}: an
// ID or a name of a collection of the profile's own database (B6, O20).
func (rq *request) subprofileCollection() *kopernik.Collection {
	seg := rq.seg(3)
	if allDigits(seg) {
		id, _ := parseID(seg)
		if c := rq.cat.Collection(id); c != nil && c.DatabaseID == rq.db.ID {
			return c
		}
		return nil
	}
	if seg == "" {
		return nil
	}
	return rq.db.CollectionByName(seg)
}

// subprofilesOfProfile checks the shape shared by GET, POST and PUT
// profile/{pid}/subprofiles/{coll}: the collection segment must be there (B3).
func (rq *request) subprofilesOfProfile() (*kopernik.Collection, bool) {
	if len(rq.segs) < 4 {
		rq.missingElement(3)
		return nil, false
	}
	return rq.subprofileCollection(), true
}

func listProfileSubprofiles(rq *request) {
	c, ok := rq.subprofilesOfProfile()
	if !ok {
		return
	}
	if c == nil {
		rq.failMsg(kopernik.MsgNoCollection)
		return
	}
	q, p, err := rq.listQuery(kopernik.CollectionOwner(c.ID))
	if err != nil {
		rq.fail(err)
		return
	}
	q.ProfileID = rq.ent.e.ID
	dataOnly := rq.q.Bool("dataonly", false)
	rq.writeList(q, p, func(e *kopernik.Entity) any { return subprofileObj(e, c, dataOnly) })
}

// createSubprofile takes the field map as the whole body (B38); it works under
// a removed profile too (B39). Extra segments after {coll} are ignored (B9).
func createSubprofile(rq *request) {
	c, ok := rq.subprofilesOfProfile()
	if !ok {
		return
	}
	if c == nil {
		rq.failMsg(kopernik.MsgSubprofileNotMade)
		return
	}
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	id, err := rq.s.store.CreateEntity(rq.r.Context(), kopernik.CollectionOwner(c.ID), rq.ent.e.ID, kopernik.EntityInput{Fields: m})
	if err != nil {
		rq.fail(err)
		return
	}
	rq.created(id, "subprofile/"+idStr(id))
}

// updateProfileSubprofiles is PUT profile/{pid}/subprofiles/{coll} (§3.14, O4):
// the selector must be usable; create makes a subprofile of {pid}.
func updateProfileSubprofiles(rq *request) {
	c, ok := rq.subprofilesOfProfile()
	if !ok {
		return
	}
	if c == nil {
		rq.failMsg(kopernik.MsgNoCollection)
		return
	}
	conds, ok := rq.requireSelector()
	if !ok {
		return
	}
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	q := kopernik.ListQuery{Owner: kopernik.CollectionOwner(c.ID), ProfileID: rq.ent.e.ID}
	if q.Where, err = rq.selector(c.Fields, conds, true); err != nil {
		rq.fail(err)
		return
	}
	res, err := rq.s.store.UpdateMatching(rq.r.Context(), q, kopernik.EntityInput{Fields: m}, rq.q.Bool("create", false))
	if err != nil {
		rq.fail(err)
		return
	}
	rq.answerBulk(res, "subprofile")
}

func listCollectionSubprofiles(rq *request) {
	q, p, err := rq.listQuery(kopernik.CollectionOwner(rq.coll.ID))
	if err != nil {
		rq.fail(err)
		return
	}
	dataOnly := rq.q.Bool("dataonly", false)
	c := rq.coll
	rq.writeList(q, p, func(e *kopernik.Entity) any { return subprofileObj(e, c, dataOnly) })
}

func subprofileIDs(rq *request) { rq.writeIDs(kopernik.CollectionOwner(rq.coll.ID)) }

// updateCollectionSubprofiles is PUT collection/{c}/subprofiles (v3+, O21):
// selector required, create ignored, a lone "fields" wrapper unwrapped.
func updateCollectionSubprofiles(rq *request) {
	if rq.v.n < 3 {
		rq.failMsg(msgInvalidMethod)
		return
	}
	conds, ok := rq.requireSelector()
	if !ok {
		return
	}
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	if m.Len() == 1 && m.Keys[0] == "fields" && kopernik.FieldByName(rq.coll.Fields, "fields") == nil {
		if inner, ok := reqdata.AsMap(m.Values[0]); ok {
			m = inner
		}
	}
	q := kopernik.ListQuery{Owner: kopernik.CollectionOwner(rq.coll.ID)}
	if q.Where, err = rq.selector(rq.coll.Fields, conds, true); err != nil {
		rq.fail(err)
		return
	}
	if _, err := rq.s.store.UpdateMatching(rq.r.Context(), q, kopernik.EntityInput{Fields: m}, false); err != nil {
		rq.fail(err)
		return
	}
	rq.bulkUpdated()
}
