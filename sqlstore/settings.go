package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

func (t *Tx) ownerCheck(o kopernik.Owner) error {
	_, err := t.ownerFields(o)
	return err
}

func (t *Tx) unsubscribe(o kopernik.Owner) kopernik.Unsubscribe {
	if o.Kind == kopernik.OwnerDatabase {
		if d := t.Cat.Database(o.ID); d != nil {
			return d.Unsubscribe
		}
	} else if c := t.Cat.Collection(o.ID); c != nil {
		return c.Unsubscribe
	}
	return kopernik.Unsubscribe{}
}

func (t *Tx) intentions(o kopernik.Owner) kopernik.Intentions {
	if o.Kind == kopernik.OwnerDatabase {
		if d := t.Cat.Database(o.ID); d != nil {
			return d.Intentions
		}
	} else if c := t.Cat.Collection(o.ID); c != nil {
		return c.Intentions
	}
	return kopernik.Intentions{}
}

// SetUnsubscribe stores the unsubscribe behaviour; field names are resolved to
// IDs now so a later rename follows and a delete drops the entry.
func (s *Store) SetUnsubscribe(ctx context.Context, o kopernik.Owner, behavior string, fields *kopernik.Map) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		ownFields, err := t.ownerFields(o)
		if err != nil {
			return err
		}
		switch behavior {
		case kopernik.UnsubNothing, kopernik.UnsubRemove, kopernik.UnsubUpdate:
		default:
			return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgInvalidUnsubBehav)
		}
		var ufs []kopernik.UnsubscribeField
		if behavior == kopernik.UnsubUpdate {
			for i, name := range fields.KeyList() {
				f := kopernik.FieldByName(ownFields, name)
				if f == nil {
					continue
				}
				v := values.Text(fields.Values[i])
				replaced := false
				for j := range ufs {
					if ufs[j].FieldID == f.ID {
						ufs[j].Value, replaced = v, true
					}
				}
				if !replaced {
					ufs = append(ufs, kopernik.UnsubscribeField{FieldID: f.ID, Value: v})
				}
			}
		}
		if _, err := t.Exec(`UPDATE `+ownerCatalogTable(o)+` SET unsub_behavior = ?, unsub_fields = ? WHERE id = ?`,
			behavior, encodeUnsubFields(ufs), o.ID); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
}

// channelType is the field type an intention needs; pdf needs none.
var channelType = map[string]kopernik.FieldType{
	"email": kopernik.TypeEmail, "sms": kopernik.TypePhoneGSM, "fax": kopernik.TypePhoneFax,
}

func hasType(fields []*kopernik.Field, ft kopernik.FieldType) bool {
	for _, f := range fields {
		if f.Type == ft {
			return true
		}
	}
	return false
}

func (s *Store) UpdateIntentions(ctx context.Context, o kopernik.Owner, in kopernik.IntentionsInput) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		fields, err := t.ownerFields(o)
		if err != nil {
			return err
		}
		cur := t.intentions(o)
		next, err := nextIntentions(cur, in, fields)
		if err != nil || next == cur {
			return err
		}
		return t.writeIntentions(o, next)
	})
}

// nextIntentions applies a partial update: an intention can be switched on
// only when fields hold the field type its channel needs (§7; databases,
// collections, views and miniviews alike).
func nextIntentions(cur kopernik.Intentions, in kopernik.IntentionsInput, fields []*kopernik.Field) (kopernik.Intentions, error) {
	next := cur
	wants := []struct {
		name string
		in   *bool
		dst  *bool
	}{{"email", in.Email, &next.Email}, {"sms", in.SMS, &next.SMS}, {"fax", in.Fax, &next.Fax}, {"pdf", in.PDF, &next.PDF}}
	for _, w := range wants {
		if w.in == nil {
			continue
		}
		if *w.in {
			if ft, ok := channelType[w.name]; ok && !hasType(fields, ft) {
				return cur, kopernik.Errorf(kopernik.EINVALID, "Intention requires a field of type %s", ft)
			}
		}
		*w.dst = *w.in
	}
	return next, nil
}

func (t *Tx) writeIntentions(o kopernik.Owner, in kopernik.Intentions) error {
	if _, err := t.Exec(`UPDATE `+ownerCatalogTable(o)+` SET intent_email = ?, intent_sms = ?, intent_fax = ?, intent_pdf = ? WHERE id = ?`,
		in.Email, in.SMS, in.Fax, in.PDF, o.ID); err != nil {
		return err
	}
	return t.bumpCatalog()
}

// dropChannelIntentions switches off intentions whose required field type
// is gone: the owner's own and those of its views or miniviews.
func (t *Tx) dropChannelIntentions(o kopernik.Owner) error {
	fields, err := t.ownerFields(o)
	if err != nil {
		return err
	}
	cur := t.intentions(o)
	if next := keepChannels(cur, fields); next != cur {
		if err := t.writeIntentions(o, next); err != nil {
			return err
		}
	}
	return t.dropSelectionIntentions(o, fields)
}

// keepChannels is cur without the intentions whose channel field is missing.
func keepChannels(cur kopernik.Intentions, fields []*kopernik.Field) kopernik.Intentions {
	next := cur
	next.Email = cur.Email && hasType(fields, kopernik.TypeEmail)
	next.SMS = cur.SMS && hasType(fields, kopernik.TypePhoneGSM)
	next.Fax = cur.Fax && hasType(fields, kopernik.TypePhoneFax)
	return next
}
