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
	m   sync.Map // kopernik.Owner → string
}

func (s *Store) selectByID(cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field) string {
	q := s.byID.Load()
	if q == nil || q.cat != cat {
		q = &byIDQueries{cat: cat}
		s.byID.Store(q)
	}
	if v, ok := q.m.Load(o); ok {
		return v.(string)
	}
	text := Rebind(s.d, `SELECT `+selectList(o, fields, "")+` FROM `+ownerTable(o)+` WHERE id = ?`)
	q.m.Store(o, text)
	return text
}
