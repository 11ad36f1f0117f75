package httpapi

import (
	"net/http"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
	"github.com/kopernik/kopernik/values"
)

var profileRoutes = map[string]*routeSet{
	"":            {get: getProfile, put: updateProfile, del: deleteEntity},
	"fields":      {get: getEntityFields, put: updateEntityFields, tail: true, putTail: true},
	"interests":   {get: getProfileInterests, post: addProfileInterests, put: setProfileInterests},
	"events":      {get: getEvents},
	"unsubscribe": {put: unsubscribeEntity, v2: true},
	"files":       {get: listFiles, v2: true},
	"file":        {get: getFile, tail: true, v2: true},
}

// msgNoFile answers every profile file detail: Kopernik stores no files (O28).
const msgNoFile = "No file with supplied ID"

func init() {
	extraWords["profile"] = (*Server).withProfile
}

// entityRef is what profile/{id} or subprofile/{id} resolved to.
type entityRef struct {
	kind kopernik.OwnerKind
	e    *kopernik.Entity
}

// withProfile validates the ID before anything else (B4), then runs the
// removed-profile check of DELETE before the sub-path check (B10).
func (s *Server) withProfile(rq *request) {
	s.withEntity(rq, kopernik.OwnerDatabase, profileRoutes)
}

func (s *Server) withEntity(rq *request, kind kopernik.OwnerKind, routes map[string]*routeSet) {
	if len(rq.segs) < 2 {
		rq.missingElement(1)
		return
	}
	id, _ := parseID(rq.segs[1])
	var e *kopernik.Entity
	var err error
	if id > 0 {
		e, err = rq.s.store.GetEntity(rq.r.Context(), kind, id)
	}
	if e == nil || err != nil {
		if err != nil && kopernik.ErrorCode(err) == kopernik.EINTERNAL {
			rq.fail(err)
			return
		}
		if rq.method == http.MethodDelete && len(rq.segs) == 2 && rq.v1Gone() {
			return
		}
		if kind == kopernik.OwnerDatabase {
			rq.failMsg(kopernik.MsgNoEntity)
		} else {
			rq.failMsg(kopernik.MsgNoSubprofile)
		}
		return
	}
	rq.ent = &entityRef{kind: kind, e: e}
	if kind == kopernik.OwnerDatabase {
		rq.db = rq.cat.Database(e.Owner.ID)
	} else {
		rq.coll = rq.cat.Collection(e.Owner.ID)
		if rq.coll != nil {
			rq.db = rq.cat.Database(rq.coll.DatabaseID)
		}
	}
	if rq.db == nil {
		rq.fail(kopernik.Errorf(kopernik.EINTERNAL, "entity without owner"))
		return
	}
	if rq.method == http.MethodDelete && e.Removed != "" && !(len(rq.segs) == 2 && rq.completely()) {
		if len(rq.segs) == 2 && rq.v1Gone() {
			return
		}
		if kind == kopernik.OwnerDatabase {
			rq.failMsg(kopernik.MsgProfileRemoved)
		} else {
			rq.failMsg(kopernik.MsgSubprofileRemoved)
		}
		return
	}
	// A POST on the entity itself is its PUT with the PUT's answer (B80, O24).
	rq.dispatch(routes, 2)
}

// entityPath is the canonical path a 303 points at (B41).
func (rq *request) entityPath() string {
	if rq.ent.kind == kopernik.OwnerDatabase {
		return "profile/" + idStr(rq.ent.e.ID)
	}
	return "subprofile/" + idStr(rq.ent.e.ID)
}

// entityFields are the fields of the entity's owner.
func (rq *request) entityFields() []*kopernik.Field {
	if rq.ent.kind == kopernik.OwnerDatabase {
		return rq.db.Fields
	}
	return rq.coll.Fields
}

// entityUpdated answers a PUT (or its POST alias) on one entity: the POST alias
// answers like the PUT, unlike structure routes (B80).
func (rq *request) entityUpdated() {
	rq.postAsPut = false
	rq.updated(rq.entityPath())
}

func getProfile(rq *request) { rq.ok(profileObj(rq.ent.e, rq.db, false)) }

// entityUpdateInput reads PUT profile/{id} and subprofile/{id} bodies (§3.7):
// a non-object fields value is ignored (B20); create is ignored (B45).
func entityUpdateInput(m *kopernik.Map, withInterests bool) kopernik.EntityInput {
	var in kopernik.EntityInput
	if v, ok := m.Get("fields"); ok {
		if fm, isMap := reqdata.AsMap(v); isMap {
			in.Fields = fm
		}
	}
	if withInterests {
		if v, ok := m.Get("interests"); ok && v != nil {
			in.Interests = v
		}
	}
	if v, ok := m.Get("secret"); ok {
		if s, ok := values.Secret(v); ok {
			in.Secret = &s
		}
	}
	return in
}

func updateProfile(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	rq.applyEntityUpdate(entityUpdateInput(m, true))
}

func (rq *request) applyEntityUpdate(in kopernik.EntityInput) {
	if err := rq.s.store.UpdateEntity(rq.r.Context(), rq.ent.kind, rq.ent.e.ID, in); err != nil {
		rq.fail(err)
		return
	}
	rq.entityUpdated()
}

// completely reads the hard-delete flag of a DELETE (v2+, O18) from the query
// or, since this route documents it there, the body; B22 coercion. A body
// that does not decode is ignored like any other DELETE body.
func (rq *request) completely() bool {
	if rq.v.n == 1 {
		return false
	}
	if rq.q.Has("completely") {
		return rq.q.Bool("completely", false)
	}
	if v, err := rq.bodyValue(); err == nil {
		if m, ok := v.(*kopernik.Map); ok {
			if c, ok := m.Get("completely"); ok {
				return reqdata.Bool(c)
			}
		}
	}
	return false
}

func deleteEntity(rq *request) {
	del := rq.s.store.DeleteEntity
	if rq.completely() {
		del = rq.s.store.PurgeEntity
	}
	if err := del(rq.r.Context(), rq.ent.kind, rq.ent.e.ID); err != nil {
		rq.fail(err)
		return
	}
	if rq.ent.kind == kopernik.OwnerDatabase {
		rq.deleted("profile", rq.ent.e.ID)
	} else {
		rq.deleted("subprofile", rq.ent.e.ID)
	}
}

func getEntityFields(rq *request) { rq.ok(fieldsObj(rq.ent.e, rq.entityFields())) }

// updateEntityFields takes the field map as the whole body (B46).
func updateEntityFields(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	rq.applyEntityUpdate(kopernik.EntityInput{Fields: m})
}

// interestsBody accepts the list bodies this route documents (§3.11).
func (rq *request) interestsBody() (any, error) {
	v, err := rq.bodyValue()
	if err != nil {
		return nil, err
	}
	switch b := v.(type) {
	case []any, *kopernik.Map:
		return b, nil
	case nil:
		return []any{}, nil
	}
	return nil, kopernik.Errorf(kopernik.EINVALID, kopernik.MsgInvalidData)
}

func getProfileInterests(rq *request) {
	e := rq.ent.e
	if e.Removed != "" {
		rq.ok([]any{})
		return
	}
	ret, _, _ := rq.q.Scalar("return")
	out := make([]any, 0, len(e.Interests))
	for _, id := range e.Interests {
		i := rq.cat.Interest(id)
		if i == nil {
			continue
		}
		switch ret {
		case "ids":
			out = append(out, idStr(i.ID))
		case "objects":
			out = append(out, interestObj(i))
		default:
			out = append(out, i.Name)
		}
	}
	rq.ok(out)
}

// addProfileInterests answers like a POST on a PUT-only route, not like the
// PUT: a 303 after a POST makes common PHP clients throw (O9).
func addProfileInterests(rq *request) {
	v, err := rq.interestsBody()
	if err != nil {
		rq.fail(err)
		return
	}
	in := kopernik.EntityInput{Interests: v, InterestsMerge: true}
	if err := rq.s.store.UpdateEntity(rq.r.Context(), rq.ent.kind, rq.ent.e.ID, in); err != nil {
		rq.fail(err)
		return
	}
	rq.updatedByPost()
}

func setProfileInterests(rq *request) {
	v, err := rq.interestsBody()
	if err != nil {
		rq.fail(err)
		return
	}
	rq.applyEntityUpdate(kopernik.EntityInput{Interests: v})
}

// getEvents lists the journal of an entity (v1 only, §3.15).
func getEvents(rq *request) {
	if rq.v.n != 1 {
		rq.failMsg(msgInvalidMethod)
		return
	}
	evs, err := rq.s.store.Events(rq.r.Context(), rq.ent.kind, rq.ent.e.ID)
	if err != nil {
		rq.fail(err)
		return
	}
	out := make([]any, 0, len(evs))
	for _, ev := range evs {
		out = append(out, newObj(4).set("event", ev.Kind).set("timestamp", ev.At).set("id", idStr(ev.ID)).set("data", rawJSON(ev.Data)))
	}
	rq.ok(out)
}

func unsubscribeEntity(rq *request) {
	if err := rq.s.store.Unsubscribe(rq.r.Context(), rq.ent.kind, rq.ent.e.ID, nil); err != nil {
		rq.fail(err)
		return
	}
	// A POST here is a plain POST on a PUT-only route (v1/v2: 200, conventions
	// §3), not one of the entity aliases of B80/O24.
	rq.updated(rq.entityPath())
}

// getFile is GET profile/{id}/file/{fid}/json and .../content (v3+, §3.17):
// no {fid} exists, and like every ID segment it is checked before the rest.
func getFile(rq *request) {
	if rq.v.n < 3 {
		rq.failMsg(msgInvalidMethod)
		return
	}
	rq.failMsg(msgNoFile)
}

// listFiles: Kopernik stores no profile files (O28), so the list is empty.
func listFiles(rq *request) {
	rq.ok(envelope(0, defaultLimit, []any{}, 0, true))
}
