package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

func (t *Tx) rule(id int64) (*kopernik.Rule, error) {
	if r := t.defs().Rule(id); r != nil {
		return r, nil
	}
	return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoRule)
}

// CreateRule adds a rule to a view or a minirule to a miniview. A new rule
// holds no condition and so selects nothing yet (§3.1 item 6), but the
// engine hears of it like of any other definition change.
func (s *Store) CreateRule(ctx context.Context, owner kopernik.SelectionRef, body *kopernik.Map) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		if !t.defs().Exists(owner) {
			if owner.Kind == kopernik.KindMiniview {
				return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoMiniview)
			}
			return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
		}
		r := &kopernik.Rule{Owner: owner}
		if err := selection.ApplyRule(t.defs(), r, body, true); err != nil {
			return err
		}
		var err error
		if id, err = t.insertRule(r); err != nil {
			return err
		}
		return t.commitDefinitions([]kopernik.SelectionRef{owner}, nil)
	})
	return id, err
}

func (t *Tx) insertRule(r *kopernik.Rule) (int64, error) {
	var id int64
	err := t.QueryRow(`INSERT INTO rules (owner_kind, owner_id, name, description, inversed, disabled)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		ownerKindText(r.Owner.Kind), r.Owner.ID, r.Name, r.Description, r.Inversed, r.Disabled).Scan(&id)
	return id, err
}

func (s *Store) UpdateRule(ctx context.Context, id int64, body *kopernik.Map) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		old, err := t.rule(id)
		if err != nil {
			return err
		}
		r := *old
		if err := selection.ApplyRule(t.defs(), &r, body, false); err != nil {
			return err
		}
		if r == *old {
			return nil
		}
		if _, err := t.Exec(`UPDATE rules SET name = ?, description = ?, inversed = ?, disabled = ? WHERE id = ?`,
			r.Name, r.Description, r.Inversed, r.Disabled, id); err != nil {
			return err
		}
		if r.Inversed != old.Inversed || r.Disabled != old.Disabled {
			return t.commitDefinitions([]kopernik.SelectionRef{r.Owner}, nil)
		}
		return t.bumpCatalog() // a name or description selects nothing
	})
}

func (s *Store) DeleteRule(ctx context.Context, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		r, err := t.rule(id)
		if err != nil {
			return err
		}
		if err := t.deleteRule(id); err != nil {
			return err
		}
		return t.commitDefinitions([]kopernik.SelectionRef{r.Owner}, nil)
	})
}

// deleteRule deletes a rule and its conditions.
func (t *Tx) deleteRule(id int64) error {
	if _, err := t.Exec(`DELETE FROM conditions WHERE rule_id = ?`, id); err != nil {
		return err
	}
	_, err := t.Exec(`DELETE FROM rules WHERE id = ?`, id)
	return err
}
