package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
	"github.com/kopernik/kopernik/values"
)

// msgNoFile answers every profile file detail: Kopernik stores no files (O28).
const msgNoFile = "No file with supplied ID"

// entityRef is what profile/{id} or subprofile/{id} resolved to.
type entityRef struct {
	kind kopernik.OwnerKind
	e    *kopernik.Entity
}

// entityKind resolves profile/{id} (OwnerDatabase) or subprofile/{id}
// (OwnerCollection). Besides the ID check (B4), a DELETE of a removed entity
// is refused here, before the rest of the path is looked at (B10), unless it
// removes the entity completely (O18).
func entityKind(kind kopernik.OwnerKind) func(rq *request, ids []string) error {
	noSuch, removed := kopernik.MsgNoEntity, kopernik.MsgProfileRemoved
	if kind == kopernik.OwnerCollection {
		noSuch, removed = kopernik.MsgNoSubprofile, kopernik.MsgSubprofileRemoved
	}
	return func(rq *request, ids []string) error {
		id, _ := parseID(ids[0])
		var e *kopernik.Entity
		var err error
		switch {
		case id > 0 && rq.catUnchecked:
			var cat *kopernik.Catalog
			e, cat, err = rq.s.store.(kopernik.CheckedEntityReader).GetEntityChecked(rq.r.Context(), kind, id)
			if cat != nil {
				rq.cat, rq.catUnchecked = cat, false
			}
		case id > 0:
			e, err = rq.s.store.GetEntity(rq.r.Context(), kind, id)
		}
		if err != nil && kopernik.ErrorCode(err) == kopernik.EINTERNAL {
			return err
		}
		if e == nil || err != nil {
			return notFound(noSuch)
		}
		rq.ent = &entityRef{kind: kind, e: e}
		if kind == kopernik.OwnerDatabase {
			rq.db = rq.cat.Database(e.Owner.ID)
		} else if rq.coll = rq.cat.Collection(e.Owner.ID); rq.coll != nil {
			rq.db = rq.cat.Database(rq.coll.DatabaseID)
		}
		if rq.db == nil {
			return kopernik.Errorf(kopernik.EINTERNAL, "entity without owner")
		}
		bare := len(rq.segs) == 1+len(ids)
		if rq.method == DELETE && e.Removed != "" && !(bare && rq.completely()) {
			return notFound(removed)
		}
		return nil
	}
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

func getProfile(rq *request) error { return rq.ok(profileObj(rq.ent.e, rq.db, false)) }

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

// updateProfile serves PUT profile/{id} and its POST alias, which answers
// like the PUT (B80, O24).
func updateProfile(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	return rq.applyEntityUpdate(entityUpdateInput(m, true))
}

// applyEntityUpdate changes the addressed entity and answers like a PUT on it.
func (rq *request) applyEntityUpdate(in kopernik.EntityInput) error {
	if err := rq.updateEntity(in); err != nil {
		return err
	}
	return rq.updated(rq.entityPath())
}

func (rq *request) updateEntity(in kopernik.EntityInput) error {
	return rq.s.store.UpdateEntity(rq.r.Context(), rq.ent.kind, rq.ent.e.ID, in)
}

// completely reads the hard-delete flag of a DELETE (O18) from the query or,
// since this route documents it there, the body; B22 coercion. A body that
// does not decode is ignored like any other DELETE body.
func (rq *request) completely() bool {
	if !rq.v.hardDelete {
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

func deleteEntity(rq *request) error {
	del := rq.s.store.DeleteEntity
	if rq.completely() {
		del = rq.s.store.PurgeEntity
	}
	if err := del(rq.r.Context(), rq.ent.kind, rq.ent.e.ID); err != nil {
		return err
	}
	if rq.ent.kind == kopernik.OwnerDatabase {
		return rq.deleted("profile", rq.ent.e.ID)
	}
	return rq.deleted("subprofile", rq.ent.e.ID)
}

func getEntityFields(rq *request) error { return rq.ok(fieldsObj(rq.ent.e, rq.entityFields())) }

// updateEntityFields takes the field map as the whole body (B46).
func updateEntityFields(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	return rq.applyEntityUpdate(kopernik.EntityInput{Fields: m})
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
	return nil, errMsg(kopernik.MsgInvalidData)
}

func getProfileInterests(rq *request) error {
	e := rq.ent.e
	if e.Removed != "" {
		return rq.ok([]any{})
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
	return rq.ok(out)
}

// addProfileInterests answers like a POST on a PUT-only route, not like the
// PUT: a 303 after a POST makes common PHP clients throw (O9).
func addProfileInterests(rq *request) error {
	v, err := rq.interestsBody()
	if err != nil {
		return err
	}
	if err := rq.updateEntity(kopernik.EntityInput{Interests: v, InterestsMerge: true}); err != nil {
		return err
	}
	return rq.updatedByPost()
}

func setProfileInterests(rq *request) error {
	v, err := rq.interestsBody()
	if err != nil {
		return err
	}
	return rq.applyEntityUpdate(kopernik.EntityInput{Interests: v})
}

// getEvents lists the journal of an entity (v1, §3.15).
func getEvents(rq *request) error {
	evs, err := rq.s.store.Events(rq.r.Context(), rq.ent.kind, rq.ent.e.ID)
	if err != nil {
		return err
	}
	out := make([]any, 0, len(evs))
	for _, ev := range evs {
		out = append(out, newObj(4).set("event", ev.Kind).set("timestamp", ev.At).set("id", idStr(ev.ID)).set("data", rawJSON(ev.Data)))
	}
	return rq.ok(out)
}

// unsubscribeEntity: a POST here is a plain POST on a PUT-only route (v1/v2:
// 200, conventions §3), not one of the entity aliases of B80/O24.
func unsubscribeEntity(rq *request) error {
	if err := rq.s.store.Unsubscribe(rq.r.Context(), rq.ent.kind, rq.ent.e.ID, nil); err != nil {
		return err
	}
	return rq.updated(rq.entityPath())
}

// getFile is GET profile/{id}/file/{fid}/json and .../content (§3.17): no
// {fid} exists, and like every ID segment it is checked before the rest.
func getFile(rq *request) error { return errMsg(msgNoFile) }

// listFiles: Kopernik stores no profile files (O28), so the list is empty.
func listFiles(rq *request) error {
	return rq.ok(envelope(0, defaultLimit, []any{}, 0, true))
}
