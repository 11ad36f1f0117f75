package sqlstore

import (
	"strings"
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
	return s.byIDText(cat, o, fields, byIDKey{o: o})
}

// selectByIDVersioned is selectByID with the catalog version as one more
// column, read in the row's snapshot (getEntityChecked), and, for a profile
// of a database with interests (checkedInterests), its interest IDs as a
// last column: a GET is then one round trip instead of two. It is built
// for shared stores only (PostgreSQL: string_agg); SQLite reads locally
// and keeps its two reads.
func (s *Store) selectByIDVersioned(cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field) string {
	return s.byIDText(cat, o, fields, byIDKey{o: o, versioned: true})
}

// selectByIDsVersioned is selectByIDVersioned for many IDs at once, given
// as one array parameter (group reads).
func (s *Store) selectByIDsVersioned(cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field) string {
	return s.byIDText(cat, o, fields, byIDKey{o: o, versioned: true, many: true})
}

type byIDKey struct {
	o         kopernik.Owner
	versioned bool
	many      bool
}

// checkedInterests reports that the versioned statement of o carries the
// interests column.
func checkedInterests(cat *kopernik.Catalog, o kopernik.Owner) bool {
	if o.Kind != kopernik.OwnerDatabase {
		return false
	}
	d := cat.Database(o.ID)
	return d != nil && len(d.Interests) > 0
}

func (s *Store) byIDText(cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field, key byIDKey) string {
	q := s.byID.Load()
	if q == nil || q.cat != cat {
		q = &byIDQueries{cat: cat}
		s.byID.Store(q)
	}
	if v, ok := q.m.Load(key); ok {
		return v.(string)
	}
	table := ownerTable(o)
	cols := selectList(o, fields, "")
	if key.versioned {
		cols += `, (` + catalogVersionSQL + `)`
		if checkedInterests(cat, o) {
			cols += `, coalesce((SELECT string_agg(CAST(interest_id AS TEXT), ',' ORDER BY interest_id) FROM profile_interests WHERE profile_id = ` + table + `.id), '')`
		}
	}
	where := ` WHERE id = ?`
	if key.many {
		where = ` WHERE id = ANY(?)`
	}
	text := Rebind(s.d, `SELECT `+cols+` FROM `+table+where)
	q.m.Store(key, text)
	return text
}

// interestList reads the interests column of the versioned statement: IDs
// in ascending order, nil for none (as interestsOf gives them).
func interestList(s string) []int64 {
	if s == "" {
		return nil
	}
	out := make([]int64, 0, strings.Count(s, ",")+1)
	for _, p := range strings.Split(s, ",") {
		out = append(out, parseInt(p))
	}
	return out
}
