package sqlstore

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// copyProfiles copies the live profiles (and optionally their live
// subprofiles) of src into the new database: values and interests are kept,
// secrets are new and created = modified = copy time (structure.md §5.5).
func (t *Tx) copyProfiles(src *kopernik.Database, newID int64, fieldMap, interestMap, collMap map[int64]int64, subprofiles bool) error {
	dst := t.Cat.Database(newID)
	profiles, err := t.liveEntities(kopernik.DatabaseOwner(src.ID), src.Fields)
	if err != nil {
		return err
	}
	newProfile := map[int64]int64{}
	for _, e := range profiles {
		id, err := t.copyEntity(e, kopernik.DatabaseOwner(newID), 0, src.Fields, dst.Fields, fieldMap)
		if err != nil {
			return err
		}
		newProfile[e.ID] = id
		for _, iid := range e.Interests {
			if nid, ok := interestMap[iid]; ok {
				if _, err := t.Exec(`INSERT INTO profile_interests (profile_id, interest_id) VALUES (?, ?)`, id, nid); err != nil {
					return err
				}
			}
		}
	}
	if !subprofiles {
		return nil
	}
	for _, c := range src.Collections {
		ncID, ok := collMap[c.ID]
		if !ok {
			continue
		}
		nc := t.Cat.Collection(ncID)
		subs, err := t.liveEntities(kopernik.CollectionOwner(c.ID), c.Fields)
		if err != nil {
			return err
		}
		for _, e := range subs {
			parent, ok := newProfile[e.ProfileID]
			if !ok {
				continue // its profile is removed, so it was not copied
			}
			if _, err := t.copyEntity(e, kopernik.CollectionOwner(ncID), parent, c.Fields, nc.Fields, fieldMap); err != nil {
				return err
			}
		}
	}
	return nil
}

// liveEntities reads every live entity of an owner, with interests for profiles.
func (t *Tx) liveEntities(o kopernik.Owner, fields []*kopernik.Field) ([]*kopernik.Entity, error) {
	rows, err := t.Query(`SELECT ` + selectList(o, fields, "") + ` FROM ` + ownerTable(o) + ` WHERE removed IS NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []*kopernik.Entity
	for rows.Next() {
		e, err := scanEntity(rows, o, fields)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if o.Kind == kopernik.OwnerDatabase && len(out) > 0 {
		by := map[int64][]int64{}
		rows, err := t.Query(`SELECT i.profile_id, i.interest_id FROM profile_interests i JOIN ` + ownerTable(o) +
			` p ON p.id = i.profile_id WHERE p.removed IS NULL ORDER BY i.profile_id, i.interest_id`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var pid, iid int64
			if err := rows.Scan(&pid, &iid); err != nil {
				rows.Close()
				return nil, err
			}
			by[pid] = append(by[pid], iid)
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
		for _, e := range out {
			e.Interests = by[e.ID]
		}
	}
	return out, nil
}

// copyEntity writes a copy of e under the new owner with remapped fields.
func (t *Tx) copyEntity(e *kopernik.Entity, to kopernik.Owner, profileID int64, from, dst []*kopernik.Field, fieldMap map[int64]int64) (int64, error) {
	m := &kopernik.Map{}
	for _, f := range from {
		nid, ok := fieldMap[f.ID]
		if !ok {
			continue
		}
		for _, nf := range dst {
			if nf.ID == nid {
				m.Set(nf.Name, e.Values[f.ID])
			}
		}
	}
	secret := values.NewSecret()
	return t.createEntity(to, profileID, kopernik.EntityInput{Fields: m, Secret: &secret}, t.s.now())
}

// deleteInterestData removes an interest from every profile.
func (t *Tx) deleteInterestData(id int64) error {
	_, err := t.Exec(`DELETE FROM profile_interests WHERE interest_id = ?`, id)
	return err
}
