package httpapi

import (
	"github.com/kopernik/kopernik"
)

// fieldsObj renders an entity's values keyed by field name in field order; a
// removed entity reads empty (B52).
func fieldsObj(e *kopernik.Entity, fields []*kopernik.Field) *obj {
	o := newObj(len(fields))
	for _, f := range fields {
		v := ""
		if e.Removed == "" {
			v = e.Values[f.ID]
		}
		o.set(f.Name, v)
	}
	return o
}

func interestNames(e *kopernik.Entity, d *kopernik.Database) []string {
	names := make([]string, 0, len(e.Interests))
	for _, id := range e.Interests {
		for _, i := range d.Interests {
			if i.ID == id {
				names = append(names, i.Name)
			}
		}
	}
	return names
}

func removedValue(e *kopernik.Entity) any {
	if e.Removed == "" {
		return false
	}
	return e.Removed
}

// profileObj is the profile of profiles.md §1.6 (dataonly: ID, fields,
// interests, modified).
func profileObj(e *kopernik.Entity, d *kopernik.Database, dataOnly bool) *obj {
	if dataOnly {
		return newObj(4).set("ID", idStr(e.ID)).set("fields", fieldsObj(e, d.Fields)).
			set("interests", interestNames(e, d)).set("modified", e.Modified)
	}
	return newObj(8).
		set("ID", idStr(e.ID)).
		set("fields", fieldsObj(e, d.Fields)).
		set("interests", interestNames(e, d)).
		set("database", idStr(d.ID)).
		set("secret", e.Secret).
		set("created", e.Created).
		set("modified", e.Modified).
		set("removed", removedValue(e))
}

// subprofileObj is the subprofile of profiles.md §1.6 (dataonly: ID, fields,
// profile, collection, modified).
func subprofileObj(e *kopernik.Entity, c *kopernik.Collection, dataOnly bool) *obj {
	if dataOnly {
		return newObj(5).set("ID", idStr(e.ID)).set("fields", fieldsObj(e, c.Fields)).
			set("profile", idStr(e.ProfileID)).set("collection", idStr(c.ID)).set("modified", e.Modified)
	}
	return newObj(8).
		set("ID", idStr(e.ID)).
		set("secret", e.Secret).
		set("fields", fieldsObj(e, c.Fields)).
		set("profile", idStr(e.ProfileID)).
		set("collection", idStr(c.ID)).
		set("created", e.Created).
		set("modified", e.Modified).
		set("removed", removedValue(e))
}
