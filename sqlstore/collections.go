package sqlstore

import (
	"context"
	"strings"

	"github.com/kopernik/kopernik"
)

func (t *Tx) checkCollectionName(d *kopernik.Database, name string, self int64) error {
	if err := checkName(nameCollection, name); err != nil {
		return err
	}
	for _, c := range d.Collections {
		if c.ID != self && strings.EqualFold(c.Name, name) {
			return nameInUse()
		}
	}
	return nil
}

func (s *Store) CreateCollection(ctx context.Context, databaseID int64, in kopernik.CollectionInput) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		d, err := t.database(databaseID)
		if err != nil {
			return err
		}
		id, err = t.createCollection(d, deref(in.Name), deref(in.Description))
		return err
	})
	return id, err
}

func (t *Tx) createCollection(d *kopernik.Database, name, description string) (int64, error) {
	if err := t.checkCollectionName(d, name, 0); err != nil {
		return 0, err
	}
	var id int64
	if err := t.QueryRow(`INSERT INTO collections (database_id, name, description) VALUES (?, ?, ?) RETURNING id`,
		d.ID, name, description).Scan(&id); err != nil {
		return 0, err
	}
	if err := t.createEntityTable(kopernik.CollectionOwner(id)); err != nil {
		return 0, err
	}
	return id, t.bumpCatalog()
}

func (s *Store) UpdateCollection(ctx context.Context, id int64, in kopernik.CollectionInput) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		c := t.Cat.Collection(id)
		if c == nil {
			return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoCollection)
		}
		name, desc := c.Name, c.Description
		if in.Name != nil {
			if err := t.checkCollectionName(t.Cat.Database(c.DatabaseID), *in.Name, id); err != nil {
				return err
			}
			name = *in.Name
		}
		if in.Description != nil {
			desc = *in.Description
		}
		if name == c.Name && desc == c.Description {
			return nil
		}
		if _, err := t.Exec(`UPDATE collections SET name = ?, description = ? WHERE id = ?`, name, desc, id); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
}
