package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

func (t *Tx) view(id int64) (*kopernik.View, error) {
	if v := t.defs().View(id); v != nil {
		return v, nil
	}
	return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
}

func (s *Store) CreateView(ctx context.Context, database, parent int64, body *kopernik.Map) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		if _, err := t.database(database); err != nil {
			return err
		}
		if parent != 0 {
			p, err := t.view(parent)
			if err != nil {
				return err
			}
			if p.Database != database {
				return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
			}
		}
		v := &kopernik.View{Database: database, Parent: parent}
		if err := selection.ApplyView(t.defs(), v, body, true); err != nil {
			return err
		}
		var err error
		if id, err = t.insertView(v); err != nil {
			return err
		}
		return t.commitDefinitions([]kopernik.SelectionRef{kopernik.ViewRef(id)}, nil)
	})
	return id, err
}

func (t *Tx) insertView(v *kopernik.View) (int64, error) {
	var id int64
	err := t.QueryRow(`INSERT INTO views (database_id, parent_id, name, description,
		intent_email, intent_sms, intent_fax, intent_pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		v.Database, v.Parent, v.Name, v.Description,
		v.Intentions.Email, v.Intentions.SMS, v.Intentions.Fax, v.Intentions.PDF).Scan(&id)
	return id, err
}

// UpdateView changes name and description, which select nothing: the
// members stay as they are.
func (s *Store) UpdateView(ctx context.Context, id int64, body *kopernik.Map) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		old, err := t.view(id)
		if err != nil {
			return err
		}
		v := *old
		if err := selection.ApplyView(t.defs(), &v, body, false); err != nil {
			return err
		}
		if v == *old {
			return nil
		}
		if _, err := t.Exec(`UPDATE views SET name = ?, description = ? WHERE id = ?`, v.Name, v.Description, id); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
}

// DeleteView deletes the view and everything nested in it, with their rules
// and conditions (O-22). Conditions of other selections that refer to a
// deleted view stay and dangle (§9).
func (s *Store) DeleteView(ctx context.Context, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		if _, err := t.view(id); err != nil {
			return err
		}
		defs := t.defs()
		var deleted []kopernik.SelectionRef
		for _, v := range defs.Subtree(id) {
			ref := kopernik.ViewRef(v.ID)
			if err := t.deleteRulesOf(ref); err != nil {
				return err
			}
			if _, err := t.Exec(`DELETE FROM views WHERE id = ?`, v.ID); err != nil {
				return err
			}
			deleted = append(deleted, ref)
		}
		return t.commitDefinitions(referrers(defs, deleted), deleted)
	})
}

// referrers lists the selections, other than the deleted ones, with a
// condition that names one of them: their references dangle from now on.
func referrers(defs *selection.Definitions, deleted []kopernik.SelectionRef) []kopernik.SelectionRef {
	gone := map[kopernik.SelectionRef]bool{}
	for _, d := range deleted {
		gone[d] = true
	}
	var out []kopernik.SelectionRef
	for _, d := range deleted {
		for _, r := range defs.ReferringTo(d) {
			if !gone[r] {
				gone[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// deleteRulesOf deletes the rules of a view or miniview and their conditions.
func (t *Tx) deleteRulesOf(ref kopernik.SelectionRef) error {
	for _, r := range t.defs().RulesOf(ref) {
		if err := t.deleteRule(r.ID); err != nil {
			return err
		}
	}
	return nil
}
