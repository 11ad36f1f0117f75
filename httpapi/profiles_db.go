package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
	"github.com/kopernik/kopernik/values"
)

func listProfiles(rq *request) error {
	q, p, err := rq.listQuery(kopernik.DatabaseOwner(rq.db.ID))
	if err != nil {
		return err
	}
	dataOnly := rq.q.Bool("dataonly", false)
	d := rq.db
	return rq.writeList(q, p, func(e *kopernik.Entity) any { return profileObj(e, d, dataOnly) })
}

func profileIDs(rq *request) error { return rq.writeIDs(kopernik.DatabaseOwner(rq.db.ID)) }

// structuredKeys are the top-level keys of the structured v1 profile body.
var structuredKeys = []string{"interests", "secret", "created", "modified", "database"}

// profileInput reads a profile body (profiles.md §3.3). v2+ take fields and
// interests; v1 also takes the flat form (the body is the field map) and, on
// create, secret, created and modified.
func (rq *request) profileInput(m *kopernik.Map, create bool) (kopernik.EntityInput, error) {
	var in kopernik.EntityInput
	if rq.v.v1ProfileBody {
		structured := false
		if v, ok := m.Get("fields"); ok {
			if _, isMap := reqdata.AsMap(v); isMap {
				structured = true
			}
		}
		for _, k := range structuredKeys {
			if m.Has(k) && kopernik.FieldByName(rq.db.Fields, k) == nil {
				structured = true
			}
		}
		if !structured {
			in.Fields = m
			return in, nil
		}
	}
	if v, ok := m.Get("fields"); ok && v != nil {
		fm, isMap := reqdata.AsMap(v)
		if !isMap {
			return in, errMsg(kopernik.MsgInvalidData)
		}
		in.Fields = fm
	}
	if v, ok := m.Get("interests"); ok && v != nil {
		in.Interests = v
	}
	if rq.v.v1ProfileBody && create {
		if v, ok := m.Get("secret"); ok {
			if s, ok := values.Secret(v); ok {
				in.Secret = &s
			}
		}
		in.Created = optString(m, "created")
		in.Modified = optString(m, "modified")
	}
	return in, nil
}

func createProfile(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	in, err := rq.profileInput(m, true)
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateEntity(rq.r.Context(), kopernik.DatabaseOwner(rq.db.ID), 0, in)
	if err != nil {
		return err
	}
	return rq.created(id, "profile/"+idStr(id))
}

// updateProfiles is PUT database/{db}/profiles (§3.4): update every match, or
// create one when none matches and create is set. The body is checked before
// the selector, as the live service does.
func updateProfiles(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	in, err := rq.profileInput(m, false)
	if err != nil {
		return err
	}
	conds, err := rq.requireSelector()
	if err != nil {
		return err
	}
	// Interests are merged into each match: only the named ones change (O9).
	in.InterestsMerge = true
	q := kopernik.ListQuery{Owner: kopernik.DatabaseOwner(rq.db.ID)}
	if q.Where, err = rq.selector(rq.db.Fields, conds, false); err != nil {
		return err
	}
	res, err := rq.s.store.UpdateMatching(rq.r.Context(), q, in, rq.q.Bool("create", false))
	if err != nil {
		return err
	}
	return rq.answerBulk(res, "profile")
}

// deleteProfiles is DELETE database/{db}/profiles (v2+, O5).
func deleteProfiles(rq *request) error {
	var raw []any
	if list, ok := rq.q.List("profiles"); ok {
		for _, v := range list {
			raw = append(raw, v)
		}
	} else {
		m, err := rq.bodyMap()
		if err != nil {
			return err
		}
		v, ok := m.Get("profiles")
		list, isList := v.([]any)
		if !ok || !isList {
			if pm, isMap := v.(*kopernik.Map); isMap {
				list, isList = pm.Values, true
			}
		}
		if !isList {
			return errMsg(kopernik.MsgInvalidData)
		}
		raw = list
	}
	ids := make([]int64, 0, len(raw))
	for _, v := range raw {
		if n, ok := reqdata.Int(v); ok && n > 0 {
			ids = append(ids, n)
		}
	}
	if err := rq.s.store.DeleteProfiles(rq.r.Context(), rq.db.ID, ids); err != nil {
		return err
	}
	return rq.deletedMany()
}

// bulkUnsubscribe is PUT database/{db}/unsubscribes and collection/{c}/unsubscribes:
// the selector is required and must keep at least one usable condition (S20).
func bulkUnsubscribe(rq *request) error {
	conds, err := rq.requireSelector()
	if err != nil {
		return err
	}
	q := kopernik.ListQuery{Owner: rq.owner()}
	if q.Where, err = rq.selector(rq.ownerFields(), conds, true); err != nil {
		return err
	}
	kind := kopernik.OwnerDatabase
	if rq.coll != nil {
		kind = kopernik.OwnerCollection
	}
	if err := rq.s.store.Unsubscribe(rq.r.Context(), kind, 0, &q); err != nil {
		return err
	}
	return rq.bulkUpdated()
}
