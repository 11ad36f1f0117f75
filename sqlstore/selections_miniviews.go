package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

func (t *Tx) miniview(id int64) (*kopernik.Miniview, error) {
	if m := t.defs().Miniview(id); m != nil {
		return m, nil
	}
	return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoMiniview)
}

func (s *Store) CreateMiniview(ctx context.Context, collection int64, body *kopernik.Map) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		if t.Cat.Collection(collection) == nil {
			return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoCollection)
		}
		m := &kopernik.Miniview{Collection: collection}
		if err := selection.ApplyMiniview(t.defs(), m, body, true); err != nil {
			return err
		}
		var err error
		if id, err = t.insertMiniview(m); err != nil {
			return err
		}
		return t.commitDefinitions([]kopernik.SelectionRef{kopernik.MiniviewRef(id)}, nil)
	})
	return id, err
}

func (t *Tx) insertMiniview(m *kopernik.Miniview) (int64, error) {
	var id int64
	err := t.QueryRow(`INSERT INTO miniviews (collection_id, name, description,
		intent_email, intent_sms, intent_fax, intent_pdf) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Collection, m.Name, m.Description,
		m.Intentions.Email, m.Intentions.SMS, m.Intentions.Fax, m.Intentions.PDF).Scan(&id)
	return id, err
}

func (s *Store) UpdateMiniview(ctx context.Context, id int64, body *kopernik.Map) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		old, err := t.miniview(id)
		if err != nil {
			return err
		}
		m := *old
		if err := selection.ApplyMiniview(t.defs(), &m, body, false); err != nil {
			return err
		}
		if m == *old {
			return nil
		}
		if _, err := t.Exec(`UPDATE miniviews SET name = ?, description = ? WHERE id = ?`, m.Name, m.Description, id); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
}

// DeleteMiniview deletes the miniview with its minirules and
// miniconditions; MiniView conditions that name it dangle (§9).
func (s *Store) DeleteMiniview(ctx context.Context, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		if _, err := t.miniview(id); err != nil {
			return err
		}
		ref := kopernik.MiniviewRef(id)
		if err := t.deleteRulesOf(ref); err != nil {
			return err
		}
		if _, err := t.Exec(`DELETE FROM miniviews WHERE id = ?`, id); err != nil {
			return err
		}
		deleted := []kopernik.SelectionRef{ref}
		return t.commitDefinitions(referrers(t.defs(), deleted), deleted)
	})
}
