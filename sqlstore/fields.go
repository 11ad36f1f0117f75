package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

const maxIndexedFields = 64

// ownerFields returns the fields of an owner, or the owner's not-found error.
func (t *Tx) ownerFields(o kopernik.Owner) ([]*kopernik.Field, error) {
	if o.Kind == kopernik.OwnerDatabase {
		d, err := t.database(o.ID)
		if err != nil {
			return nil, err
		}
		return d.Fields, nil
	}
	c := t.Cat.Collection(o.ID)
	if c == nil {
		return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoCollection)
	}
	return c.Fields, nil
}

func (t *Tx) field(o kopernik.Owner, id int64) (*kopernik.Field, []*kopernik.Field, error) {
	fields, err := t.ownerFields(o)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range fields {
		if f.ID == id {
			return f, fields, nil
		}
	}
	return nil, nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoField)
}

// applyFieldInput merges in into f and checks every rule of structure.md §6.2
// against the owner's other fields.
func (t *Tx) applyFieldInput(f *kopernik.Field, in kopernik.FieldInput, others []*kopernik.Field) error {
	if in.Name != nil {
		if err := checkName(nameField, *in.Name); err != nil {
			return err
		}
		f.Name = *in.Name
	}
	if in.Type != nil {
		f.Type = *in.Type
	}
	if in.HasValue {
		f.Value = t.s.conv.NormalizeDefault(f.Type, in.Value)
	} else if in.Type != nil {
		// The default is re-read for the new type, so a retyped field holds what
		// creating it with that type and value would have stored ("abc" becomes
		// "0" for numbers, a date gains its time part for datetime, …).
		f.Value = t.s.conv.NormalizeDefault(f.Type, f.Value)
	}
	setBool(&f.Displayed, in.Displayed)
	setBool(&f.Ordered, in.Ordered)
	setBool(&f.Hidden, in.Hidden)
	setBool(&f.Index, in.Index)
	setBool(&f.Lock, in.Lock)
	if in.Description != nil {
		f.Description = *in.Description
	}
	if in.Length != nil {
		f.Length = int(clamp(*in.Length, 1, 65535))
	}
	if in.TextLines != nil {
		f.TextLines = int(clamp(*in.TextLines, 0, 100))
	}
	if f.Type == kopernik.TypeBig {
		f.Index = false // big fields cannot be indexed
	}
	indexed := 0
	for _, o := range others {
		if o.ID == f.ID {
			continue
		}
		if strings.EqualFold(o.Name, f.Name) {
			return nameInUse()
		}
		if f.Type.UniquePerOwner() && o.Type == f.Type {
			return kopernik.Errorf(kopernik.EINVALID, "Only one field of type %s is allowed", f.Type)
		}
		if o.Index {
			indexed++
		}
	}
	if f.Index && indexed >= maxIndexedFields {
		return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgTooManyIndexes)
	}
	return nil
}

func (s *Store) CreateField(ctx context.Context, o kopernik.Owner, in kopernik.FieldInput) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		others, err := t.ownerFields(o)
		if err != nil {
			return err
		}
		if in.Name == nil {
			return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgNameRequired)
		}
		f := &kopernik.Field{Owner: o, Type: kopernik.TypeText, Length: 255, TextLines: 1}
		if in.Type == nil {
			in.Type = &f.Type
		}
		if !in.HasValue {
			in.Value, in.HasValue = "", true
		}
		if err := t.applyFieldInput(f, in, others); err != nil {
			return err
		}
		if err := t.insertField(f); err != nil {
			return err
		}
		id = f.ID
		return t.bumpCatalog()
	})
	return id, err
}

// insertField stores a new field (f.ID is set) and adds its column.
func (t *Tx) insertField(f *kopernik.Field) error {
	var dbID, collID any
	if f.Owner.Kind == kopernik.OwnerDatabase {
		dbID = f.Owner.ID
	} else {
		collID = f.Owner.ID
	}
	if f.Ordered {
		if err := t.clearOrdered(f.Owner, 0); err != nil {
			return err
		}
	}
	if err := t.QueryRow(`INSERT INTO fields (database_id, collection_id, name, type, value, displayed,
		ordered, length, textlines, hidden, indexed, locked, description)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		dbID, collID, f.Name, string(f.Type), f.Value, f.Displayed, f.Ordered, f.Length, f.TextLines,
		f.Hidden, f.Index, f.Lock, f.Description).Scan(&f.ID); err != nil {
		return err
	}
	return t.addFieldColumn(f)
}

func (t *Tx) clearOrdered(o kopernik.Owner, except int64) error {
	col := "database_id"
	if o.Kind == kopernik.OwnerCollection {
		col = "collection_id"
	}
	_, err := t.Exec(`UPDATE fields SET ordered = ? WHERE `+col+` = ? AND id <> ?`, false, o.ID, except)
	return err
}

func (s *Store) UpdateField(ctx context.Context, o kopernik.Owner, id int64, in kopernik.FieldInput) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		old, others, err := t.field(o, id)
		if err != nil {
			return err
		}
		f := *old
		if err := t.applyFieldInput(&f, in, others); err != nil {
			return err
		}
		if f == *old {
			return nil
		}
		if f.Ordered && !old.Ordered {
			if err := t.clearOrdered(o, id); err != nil {
				return err
			}
		}
		if _, err := t.Exec(`UPDATE fields SET name = ?, type = ?, value = ?, displayed = ?, ordered = ?,
			length = ?, textlines = ?, hidden = ?, indexed = ?, locked = ?, description = ? WHERE id = ?`,
			f.Name, string(f.Type), f.Value, f.Displayed, f.Ordered, f.Length, f.TextLines, f.Hidden,
			f.Index, f.Lock, f.Description, id); err != nil {
			return err
		}
		hadIndex := old.Index && old.Type != kopernik.TypeBig
		if f.Type != old.Type {
			if err := t.convertColumn(old, &f, hadIndex); err != nil {
				return err
			}
			hadIndex = false
		} else if f.Length < old.Length && !f.Type.IsNumeric() && !f.Type.IsDate() && f.Type != kopernik.TypeBig {
			// Shortening cuts stored text to the new length (structure.md §6.3).
			col := fieldColumn(id)
			if _, err := t.Exec(`UPDATE `+ownerTable(o)+` SET `+col+` = substr(`+col+`, 1, CAST(? AS INTEGER)) WHERE length(`+col+`) > ?`,
				f.Length, f.Length); err != nil {
				return err
			}
		}
		if hadIndex || (f.Index && f.Type != kopernik.TypeBig) {
			if err := t.syncIndexes(o); err != nil {
				return err
			}
		}
		if err := t.bumpCatalog(); err != nil {
			return err
		}
		if f.Type == old.Type {
			return nil
		}
		// Changing away from the last field of a channel type turns its intention off.
		if err := t.reloadCatalog(); err != nil {
			return err
		}
		// Conditions on the field now compare its values as the new type.
		if err := t.selectionsChanged(t.defs().UsingField(id), nil); err != nil {
			return err
		}
		return t.dropChannelIntentions(o)
	})
}

// convertColumn rewrites every stored value of a field for its new type. The
// conversion runs in Go with the same rules as API input, so a retyped field
// holds exactly what a client writing those values would have stored.
func (t *Tx) convertColumn(old, f *kopernik.Field, hadIndex bool) error {
	table, col := ownerTable(f.Owner), fieldColumn(f.ID)
	tmp := col + "_new"
	if hadIndex {
		if err := t.dropFieldIndexes(f.Owner); err != nil {
			return err
		}
	}
	if _, err := t.Exec(`ALTER TABLE ` + table + ` ADD COLUMN ` + tmp + ` ` + t.s.d.ColumnType(f.Type)); err != nil {
		return err
	}
	rows, err := t.Query(`SELECT id, ` + col + ` FROM ` + table)
	if err != nil {
		return err
	}
	type pair struct {
		id int64
		v  any
	}
	var updates []pair
	for rows.Next() {
		var id int64
		var raw any
		if err := rows.Scan(&id, &raw); err != nil {
			rows.Close()
			return err
		}
		stored := storedText(old.Type, raw)
		updates = append(updates, pair{id, bindValue(f.Type, t.s.conv.Convert(old.Type, f, stored))})
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	for _, u := range updates {
		if _, err := t.Exec(`UPDATE `+table+` SET `+tmp+` = ? WHERE id = ?`, u.v, u.id); err != nil {
			return err
		}
	}
	if _, err := t.Exec(`ALTER TABLE ` + table + ` DROP COLUMN ` + col); err != nil {
		return err
	}
	_, err = t.Exec(`ALTER TABLE ` + table + ` RENAME COLUMN ` + tmp + ` TO ` + col)
	return err
}

// storedText renders a scanned column value as the text the API prints.
func storedText(ft kopernik.FieldType, raw any) string {
	switch v := raw.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if ft.IsInteger() {
			return strconv.FormatInt(int64(v), 10)
		}
		return values.FormatFloat(v)
	case []byte:
		return string(v)
	case string:
		return v
	case bool:
		if v {
			return "1"
		}
		return "0"
	}
	return ""
}

func (s *Store) DeleteField(ctx context.Context, o kopernik.Owner, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		f, _, err := t.field(o, id)
		if err != nil {
			return err
		}
		indexed := f.Index && f.Type != kopernik.TypeBig
		if indexed {
			if err := t.dropFieldIndexes(o); err != nil {
				return err
			}
		}
		if _, err := t.Exec(`ALTER TABLE ` + ownerTable(o) + ` DROP COLUMN ` + fieldColumn(id)); err != nil {
			return err
		}
		if _, err := t.Exec(`DELETE FROM fields WHERE id = ?`, id); err != nil {
			return err
		}
		if indexed {
			if err := t.syncIndexes(o); err != nil {
				return err
			}
		}
		if err := t.dropUnsubField(o, id); err != nil {
			return err
		}
		if err := t.bumpCatalog(); err != nil {
			return err
		}
		// Intentions are checked against the catalog without this field.
		if err := t.reloadCatalog(); err != nil {
			return err
		}
		// Conditions on the field stay and dangle (selections.md §9).
		if err := t.selectionsChanged(t.defs().UsingField(id), nil); err != nil {
			return err
		}
		return t.dropChannelIntentions(o)
	})
}

// dropUnsubField removes a deleted field from the owner's unsubscribe setting.
func (t *Tx) dropUnsubField(o kopernik.Owner, fieldID int64) error {
	u := t.unsubscribe(o)
	kept := u.Fields[:0:0]
	for _, uf := range u.Fields {
		if uf.FieldID != fieldID {
			kept = append(kept, uf)
		}
	}
	if len(kept) == len(u.Fields) {
		return nil
	}
	_, err := t.Exec(`UPDATE `+ownerCatalogTable(o)+` SET unsub_fields = ? WHERE id = ?`, encodeUnsubFields(kept), o.ID)
	return err
}

func ownerCatalogTable(o kopernik.Owner) string {
	if o.Kind == kopernik.OwnerDatabase {
		return "databases"
	}
	return "collections"
}

func setBool(dst *bool, src *bool) {
	if src != nil {
		*dst = *src
	}
}

func clamp(v, lo, hi int64) int64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
