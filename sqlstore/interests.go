package sqlstore

import (
	"context"
	"slices"
	"strings"

	"github.com/kopernik/kopernik"
)

func (t *Tx) checkInterestName(d *kopernik.Database, name string, self int64) error {
	if err := checkName(nameInterest, name); err != nil {
		return err
	}
	for _, i := range d.Interests {
		if i.ID != self && strings.EqualFold(i.Name, name) {
			return nameInUse()
		}
	}
	return nil
}

func (s *Store) CreateInterest(ctx context.Context, databaseID int64, in kopernik.InterestInput) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		d, err := t.database(databaseID)
		if err != nil {
			return err
		}
		if err := t.checkInterestName(d, deref(in.Name), 0); err != nil {
			return err
		}
		if err := t.QueryRow(`INSERT INTO interests (database_id, name, grp, description) VALUES (?, ?, ?, ?) RETURNING id`,
			databaseID, deref(in.Name), deref(in.Group), deref(in.Description)).Scan(&id); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
	return id, err
}

func (t *Tx) interest(id int64) (*kopernik.Interest, error) {
	if i := t.Cat.Interest(id); i != nil {
		return i, nil
	}
	return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoInterest)
}

func (s *Store) UpdateInterest(ctx context.Context, id int64, in kopernik.InterestInput) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		i, err := t.interest(id)
		if err != nil {
			return err
		}
		next := *i
		if in.Name != nil {
			if err := t.checkInterestName(t.Cat.Database(i.DatabaseID), *in.Name, id); err != nil {
				return err
			}
			next.Name = *in.Name
		}
		if in.Group != nil {
			next.Group = *in.Group
		}
		if in.Description != nil {
			next.Description = *in.Description
		}
		if next == *i {
			return nil
		}
		if _, err := t.Exec(`UPDATE interests SET name = ?, grp = ?, description = ? WHERE id = ?`,
			next.Name, next.Group, next.Description, id); err != nil {
			return err
		}
		if next.Group != i.Group {
			// Group conditions of the old and of the new group select differently now.
			refs := t.defs().UsingInterest(i, i.Group)
			for _, r := range t.defs().UsingInterest(i, next.Group) {
				if !slices.Contains(refs, r) {
					refs = append(refs, r)
				}
			}
			return t.commitDefinitions(refs, nil)
		}
		return t.bumpCatalog()
	})
}

func (s *Store) DeleteInterest(ctx context.Context, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		i, err := t.interest(id)
		if err != nil {
			return err
		}
		if err := t.deleteInterestData(id); err != nil {
			return err
		}
		if _, err := t.Exec(`DELETE FROM interests WHERE id = ?`, id); err != nil {
			return err
		}
		// Conditions naming it dangle; group conditions lose one interest (§9).
		return t.commitDefinitions(t.defs().UsingInterest(i, i.Group), nil)
	})
}
