package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
)

func (s *Store) UpdateSelectionIntentions(ctx context.Context, ref kopernik.SelectionRef, in kopernik.IntentionsInput) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		cur, fields, err := t.selectionIntentions(ref)
		if err != nil {
			return err
		}
		next, err := nextIntentions(cur, in, fields)
		if err != nil || next == cur {
			return err
		}
		return t.writeSelectionIntentions(ref, next)
	})
}

// selectionIntentions returns the intentions of a view or miniview and the
// fields their prerequisites are looked for in: the database's for a view,
// the collection's for a miniview (§7).
func (t *Tx) selectionIntentions(ref kopernik.SelectionRef) (kopernik.Intentions, []*kopernik.Field, error) {
	defs := t.defs()
	if ref.Kind == kopernik.KindMiniview {
		m, err := t.miniview(ref.ID)
		if err != nil {
			return kopernik.Intentions{}, nil, err
		}
		fields, err := t.ownerFields(kopernik.CollectionOwner(m.Collection))
		return m.Intentions, fields, err
	}
	v := defs.View(ref.ID)
	if v == nil {
		return kopernik.Intentions{}, nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
	}
	fields, err := t.ownerFields(kopernik.DatabaseOwner(v.Database))
	return v.Intentions, fields, err
}

func (t *Tx) writeSelectionIntentions(ref kopernik.SelectionRef, in kopernik.Intentions) error {
	table := "views"
	if ref.Kind == kopernik.KindMiniview {
		table = "miniviews"
	}
	if _, err := t.Exec(`UPDATE `+table+` SET intent_email = ?, intent_sms = ?, intent_fax = ?, intent_pdf = ? WHERE id = ?`,
		in.Email, in.SMS, in.Fax, in.PDF, ref.ID); err != nil {
		return err
	}
	return t.bumpCatalog()
}

// dropSelectionIntentions switches off the intentions of the owner's views
// (a database) or miniviews (a collection) whose channel field is gone.
func (t *Tx) dropSelectionIntentions(o kopernik.Owner, fields []*kopernik.Field) error {
	var refs []kopernik.SelectionRef
	var curs []kopernik.Intentions
	defs := t.defs()
	if o.Kind == kopernik.OwnerDatabase {
		for _, v := range defs.ViewsOf(o.ID) {
			refs, curs = append(refs, kopernik.ViewRef(v.ID)), append(curs, v.Intentions)
		}
	} else {
		for _, m := range defs.MiniviewsOf(o.ID) {
			refs, curs = append(refs, kopernik.MiniviewRef(m.ID)), append(curs, m.Intentions)
		}
	}
	for i, ref := range refs {
		if next := keepChannels(curs[i], fields); next != curs[i] {
			if err := t.writeSelectionIntentions(ref, next); err != nil {
				return err
			}
		}
	}
	return nil
}
