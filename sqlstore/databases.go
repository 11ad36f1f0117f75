package sqlstore

import (
	"context"
	"strconv"

	"github.com/kopernik/kopernik"
)

// bumpCatalog records a structure change: the snapshot is reloaded before the
// next job, and other nodes sharing the store notice the new version.
func (t *Tx) bumpCatalog() error {
	t.markCatalog()
	_, err := t.Exec(`INSERT INTO meta (key, value) VALUES ('catalog_version', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		strconv.FormatInt(t.Cat.Version+1, 10))
	return err
}

func (t *Tx) database(id int64) (*kopernik.Database, error) {
	if d := t.Cat.Database(id); d != nil {
		return d, nil
	}
	return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoDatabase)
}

// checkDatabaseName validates a name and its uniqueness among other databases.
func (t *Tx) checkDatabaseName(name string, self int64) error {
	if err := checkName(nameDatabase, name); err != nil {
		return err
	}
	if d := t.Cat.DatabaseByName(name); d != nil && d.ID != self {
		return nameInUse()
	}
	return nil
}

func (s *Store) CreateDatabase(ctx context.Context, in kopernik.DatabaseInput) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		var err error
		id, err = t.createDatabase(in)
		return err
	})
	return id, err
}

func (t *Tx) createDatabase(in kopernik.DatabaseInput) (int64, error) {
	name := deref(in.Name)
	if err := t.checkDatabaseName(name, 0); err != nil {
		return 0, err
	}
	var id int64
	if err := t.QueryRow(`INSERT INTO databases (name, description, archived, created)
		VALUES (?, ?, ?, ?) RETURNING id`,
		name, deref(in.Description), derefBool(in.Archived), kopernik.Stamp(t.s.now())).Scan(&id); err != nil {
		return 0, err
	}
	if err := t.createEntityTable(kopernik.DatabaseOwner(id)); err != nil {
		return 0, err
	}
	return id, t.bumpCatalog()
}

func (s *Store) UpdateDatabase(ctx context.Context, id int64, in kopernik.DatabaseInput) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		d, err := t.database(id)
		if err != nil {
			return err
		}
		name, desc, archived := d.Name, d.Description, d.Archived
		if in.Name != nil {
			if err := t.checkDatabaseName(*in.Name, id); err != nil {
				return err
			}
			name = *in.Name
		}
		if in.Description != nil {
			desc = *in.Description
		}
		if in.Archived != nil {
			archived = *in.Archived
		}
		if name == d.Name && desc == d.Description && archived == d.Archived {
			return nil
		}
		if _, err := t.Exec(`UPDATE databases SET name = ?, description = ?, archived = ? WHERE id = ?`,
			name, desc, archived, id); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func derefBool(p *bool) bool { return p != nil && *p }
