package httpapi

import (
	"bytes"
	"strconv"

	"github.com/kopernik/kopernik"
)

// Profiles and subprofiles are the bulk of what the server writes (a list
// page holds a hundred of them), so they write their JSON directly instead of
// building an ordered obj first: the same bytes, without boxing every value.

// jsonWriter is a value that writes its own JSON (see writeValue).
type jsonWriter interface {
	writeJSONTo(b *bytes.Buffer) error
}

// marshalVia serves json.Marshal callers with the same bytes.
func marshalVia(w jsonWriter) ([]byte, error) {
	var b bytes.Buffer
	if err := w.writeJSONTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fieldsJSON renders an entity's values keyed by field name in field order; a
// removed entity reads empty (B52). No fields print as [] (conventions §5.3).
type fieldsJSON struct {
	e      *kopernik.Entity
	fields []*kopernik.Field
}

func fieldsObj(e *kopernik.Entity, fields []*kopernik.Field) fieldsJSON {
	return fieldsJSON{e, fields}
}

func (f fieldsJSON) writeJSONTo(b *bytes.Buffer) error {
	if len(f.fields) == 0 {
		b.WriteString("[]")
		return nil
	}
	b.WriteByte('{')
	for i, fl := range f.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, fl.Name)
		b.WriteByte(':')
		v := ""
		if f.e.Removed == "" {
			v = f.e.Values[fl.ID]
		}
		writeString(b, v)
	}
	b.WriteByte('}')
	return nil
}

func (f fieldsJSON) MarshalJSON() ([]byte, error) { return marshalVia(f) }

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

// entityJSON is a profile (d set) or subprofile (c set) as profiles.md §1.6
// describes it; dataOnly leaves out secret, created, removed and (for
// profiles) database.
type entityJSON struct {
	e        *kopernik.Entity
	d        *kopernik.Database
	c        *kopernik.Collection
	dataOnly bool
}

// profileObj is the profile of profiles.md §1.6 (dataonly: ID, fields,
// interests, modified).
func profileObj(e *kopernik.Entity, d *kopernik.Database, dataOnly bool) entityJSON {
	return entityJSON{e: e, d: d, dataOnly: dataOnly}
}

// subprofileObj is the subprofile of profiles.md §1.6 (dataonly: ID, fields,
// profile, collection, modified).
func subprofileObj(e *kopernik.Entity, c *kopernik.Collection, dataOnly bool) entityJSON {
	return entityJSON{e: e, c: c, dataOnly: dataOnly}
}

func (j entityJSON) MarshalJSON() ([]byte, error) { return marshalVia(j) }

func (j entityJSON) writeJSONTo(b *bytes.Buffer) error {
	e := j.e
	key := func(k string, first bool) {
		if !first {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(k) // keys are ours: plain ASCII, nothing to escape
		b.WriteString(`":`)
	}
	id := func(k string, v int64) {
		key(k, false)
		b.WriteByte('"')
		b.WriteString(strconv.FormatInt(v, 10))
		b.WriteByte('"')
	}
	str := func(k, v string) {
		key(k, false)
		writeString(b, v)
	}
	b.WriteByte('{')
	key("ID", true)
	b.WriteByte('"')
	b.WriteString(strconv.FormatInt(e.ID, 10))
	b.WriteByte('"')
	if j.d != nil {
		key("fields", false)
		fieldsJSON{e, j.d.Fields}.writeJSONTo(b)
		key("interests", false)
		writeValue(b, interestNames(e, j.d))
		if !j.dataOnly {
			id("database", j.d.ID)
			str("secret", e.Secret)
			str("created", e.Created)
		}
	} else {
		if !j.dataOnly {
			str("secret", e.Secret)
		}
		key("fields", false)
		fieldsJSON{e, j.c.Fields}.writeJSONTo(b)
		id("profile", e.ProfileID)
		id("collection", j.c.ID)
		if !j.dataOnly {
			str("created", e.Created)
		}
	}
	str("modified", e.Modified)
	if !j.dataOnly {
		key("removed", false)
		if e.Removed == "" {
			b.WriteString("false")
		} else {
			writeString(b, e.Removed)
		}
	}
	b.WriteByte('}')
	return nil
}
