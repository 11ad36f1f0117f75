package sqlstore

import (
	"sync"

	"github.com/kopernik/kopernik"
)

// byIDQueries keeps the text of "one entity by ID" per owner for one catalog
// snapshot: a GET would otherwise build the same column list on every call.
// A new snapshot (any structure change) starts a new set.
type byIDQueries struct {
	cat *kopernik.Catalog
	m   sync.Map // byIDKey → string
}

func (s *Store) selectByID(cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field) string {
	return s.byIDText(cat, o, fields, false)
}

// selectByIDVersioned is selectByID with the catalog version as one more
// column, read in the row's snapshot (getEntityChecked).
func (s *Store) selectByIDVersioned(cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field) string {
	return s.byIDText(cat, o, fields, true)
}

type byIDKey struct {
	o         kopernik.Owner
	versioned bool
}

func (s *Store) byIDText(cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field, versioned bool) string {
	q := s.byID.Load()
	if q == nil || q.cat != cat {
		q = &byIDQueries{cat: cat}
		s.byID.Store(q)
	}
	key := byIDKey{o, versioned}
	if v, ok := q.m.Load(key); ok {
		return v.(string)
	}
	cols := selectList(o, fields, "")
	if versioned {
		cols += `, (` + catalogVersionSQL + `)`
	}
	text := Rebind(s.d, `SELECT `+cols+` FROM `+ownerTable(o)+` WHERE id = ?`)
	q.m.Store(key, text)
	return text
}
