package httpapi

import (
	"strconv"

	"github.com/kopernik/kopernik"
)

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// Representations of structure.md §3, keys in documented order.

func databaseObj(d *kopernik.Database) any {
	return newObj(9).
		set("ID", idStr(d.ID)).
		set("name", d.Name).
		set("description", d.Description).
		set("archived", d.Archived).
		set("created", kopernik.Stamp(d.Created)).
		set("fields", nested(1000, d.Fields, fieldObj)).
		set("interests", nested(1000, d.Interests, interestObj)).
		set("collections", nested(1000, d.Collections, collectionObj)).
		set("intentions", intentionsObj(d.Intentions))
}

func fieldObj(f *kopernik.Field) any {
	return newObj(10).
		set("ID", idStr(f.ID)).
		set("name", f.Name).
		set("type", string(f.Type)).
		set("value", f.Value).
		set("displayed", f.Displayed).
		set("ordered", f.Ordered).
		set("length", strconv.Itoa(f.Length)).
		set("textlines", strconv.Itoa(f.TextLines)).
		set("hidden", f.Hidden).
		set("index", f.Index)
}

func interestObj(i *kopernik.Interest) any {
	return newObj(3).set("ID", idStr(i.ID)).set("name", i.Name).set("group", i.Group)
}

func collectionObj(c *kopernik.Collection) any {
	return newObj(5).
		set("ID", idStr(c.ID)).
		set("name", c.Name).
		set("database", idStr(c.DatabaseID)).
		set("fields", nested(100, c.Fields, fieldObj)).
		set("intentions", intentionsObj(c.Intentions))
}

func intentionsObj(i kopernik.Intentions) any {
	return newObj(4).set("email", i.Email).set("sms", i.SMS).set("fax", i.Fax).set("pdf", i.PDF)
}

func unsubscribeObj(u kopernik.Unsubscribe, fields []*kopernik.Field) any {
	fm := newObj(len(u.Fields))
	if u.Behavior == kopernik.UnsubUpdate {
		for _, uf := range u.Fields {
			for _, f := range fields {
				if f.ID == uf.FieldID {
					fm.set(f.Name, uf.Value)
				}
			}
		}
	}
	return newObj(2).set("behavior", u.Behavior).set("fields", fm)
}
