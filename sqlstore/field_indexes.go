package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// Every indexed field has one index on its owner's table. Where the engine
// allows (Dialect.IndexCover), that index also carries the owner's other
// indexed fields and the removed mark, after the field itself (as key
// columns on SQLite, as INCLUDE columns on PostgreSQL): a filter that
// combines indexed fields is then counted from one index alone, and a page
// walked along the order's index tests the filter without reading a row that
// does not match. On a million rows this turns a count that looks up tens of
// thousands of rows (~100 ms) into an index range scan (~5 ms). The price is
// wider index entries on every write, and rebuilding the owner's indexes when
// its set of indexed fields changes.
//
// The name says what an index holds (a hash of its columns), so the indexes
// that exist are compared by name with those the fields ask for.

// indexedField is what decides an owner's indexes.
type indexedField struct {
	id  int64
	typ kopernik.FieldType
}

// indexedFields lists the fields that get an index, in ID order.
func indexedFields(fields []*kopernik.Field) []indexedField {
	var out []indexedField
	for _, f := range fields {
		if f.Index && f.Type != kopernik.TypeBig {
			out = append(out, indexedField{f.ID, f.Type})
		}
	}
	slices.SortFunc(out, func(a, b indexedField) int { return cmp.Compare(a.id, b.id) })
	return out
}

// fieldIndex returns the name and column specification (the parenthesised
// part of CREATE INDEX after the table) of the index of field i.
func (s *Store) fieldIndex(all []indexedField, i int) (name, cols string) {
	members := s.indexMembers(all, i)
	own := fieldColumn(members[0].id)
	key := s.d.IndexExpr(members[0].typ, own)
	var rest []string
	if s.d.IndexInclude() && key != own {
		// An index-only scan needs every column the query names, and a
		// filter on lower(col) names col.
		rest = append(rest, own)
	}
	for _, f := range members[1:] {
		rest = append(rest, fieldColumn(f.id))
	}
	if len(members) > 1 || s.d.IndexCover() > 0 {
		rest = append(rest, "removed")
	}
	name = "ix_f_" + strconv.FormatInt(all[i].id, 10)
	inner := strings.Join(append([]string{key}, rest...), ", ")
	hashed := inner
	cols = "(" + inner + ")"
	if s.d.IndexInclude() && len(rest) > 0 {
		cols = "(" + key + ") INCLUDE (" + strings.Join(rest, ", ") + ")"
		hashed = cols
	}
	if len(rest) > 0 {
		h := fnv.New32a()
		h.Write([]byte(hashed))
		name += "_" + strconv.FormatUint(uint64(h.Sum32()), 36)
	}
	return name, cols
}

// indexMembers lists the fields the index of field i holds: the field itself,
// then up to IndexCover others in ID order.
func (s *Store) indexMembers(all []indexedField, i int) []indexedField {
	members := []indexedField{all[i]}
	for j, o := range all {
		if len(members) > s.d.IndexCover() {
			break
		}
		if j != i {
			members = append(members, o)
		}
	}
	return members
}

// indexHolds reports whether the index of field f (among fields) holds every
// one of used, so a filter on them is tested from the index alone.
func (s *Store) indexHolds(fields []*kopernik.Field, f *kopernik.Field, used []*kopernik.Field) bool {
	all := indexedFields(fields)
	for i, x := range all {
		if x.id != f.ID {
			continue
		}
		in := map[int64]bool{}
		for _, m := range s.indexMembers(all, i) {
			in[m.id] = true
		}
		for _, u := range used {
			if !in[u.ID] {
				return false
			}
		}
		return true
	}
	return false
}

// indexNameOf names the index of field f among fields; "" when f has none.
func (s *Store) indexNameOf(fields []*kopernik.Field, f *kopernik.Field) string {
	all := indexedFields(fields)
	for i, x := range all {
		if x.id == f.ID {
			name, _ := s.fieldIndex(all, i)
			return name
		}
	}
	return ""
}

// wantedIndexes maps index name → column list for an owner's fields.
func (s *Store) wantedIndexes(fields []*kopernik.Field) map[string]string {
	all := indexedFields(fields)
	want := make(map[string]string, len(all))
	for i := range all {
		name, cols := s.fieldIndex(all, i)
		want[name] = cols
	}
	return want
}

// existingIndexes lists the field indexes that exist on a table.
func (t *Tx) existingIndexes(table string) ([]string, error) {
	all, err := scanIndexNames(t.Query(t.s.d.IndexNamesSQL(), table))
	var names []string
	for _, n := range all {
		if strings.HasPrefix(n, "ix_f_") {
			names = append(names, n)
		}
	}
	return names, err
}

// scanIndexNames reads the rows of the dialect's IndexNamesSQL.
func scanIndexNames(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	return names, closeRows(rows)
}

// ownerFieldRows reads an owner's fields from the transaction itself: inside
// a structure change the catalog snapshot may not show the change yet.
func (t *Tx) ownerFieldRows(o kopernik.Owner) ([]*kopernik.Field, error) {
	q, arg := ownerFieldsSQL(o)
	rows, err := t.Query(q, arg)
	return scanOwnerFields(rows, err, o)
}

// ownerFieldsSQL is the query of what decides an owner's indexes.
func ownerFieldsSQL(o kopernik.Owner) (string, int64) {
	col := "database_id"
	if o.Kind == kopernik.OwnerCollection {
		col = "collection_id"
	}
	return `SELECT id, type, indexed FROM fields WHERE ` + col + ` = ?`, o.ID
}

// scanOwnerFields reads the rows of ownerFieldsSQL.
func scanOwnerFields(rows *sql.Rows, err error, o kopernik.Owner) ([]*kopernik.Field, error) {
	if err != nil {
		return nil, err
	}
	var out []*kopernik.Field
	for rows.Next() {
		f := &kopernik.Field{Owner: o}
		var typ string
		if err := rows.Scan(&f.ID, &typ, &f.Index); err != nil {
			rows.Close()
			return nil, err
		}
		f.Type = kopernik.FieldType(typ)
		out = append(out, f)
	}
	return out, closeRows(rows)
}

// syncIndexes makes an owner's field indexes match its fields: it drops the
// indexes nobody asks for any more and builds the missing ones.
func (t *Tx) syncIndexes(o kopernik.Owner) error {
	fields, err := t.ownerFieldRows(o)
	if err != nil {
		return err
	}
	return t.reconcileIndexes(o, t.s.wantedIndexes(fields))
}

// dropFieldIndexes removes every field index of an owner's table: SQLite
// cannot drop or retype a column that an index names, and with covering
// indexes every indexed column is named by all of them.
func (t *Tx) dropFieldIndexes(o kopernik.Owner) error {
	return t.reconcileIndexes(o, nil)
}

// reconcileIndexes drops the field indexes of o's table that are not in want
// and creates those of want that are missing. It consumes want.
func (t *Tx) reconcileIndexes(o kopernik.Owner, want map[string]string) error {
	table := ownerTable(o)
	have, err := t.existingIndexes(table)
	if err != nil {
		return err
	}
	for _, n := range have {
		if _, ok := want[n]; ok {
			delete(want, n)
			continue
		}
		if _, err := t.Exec(`DROP INDEX IF EXISTS ` + n); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if _, err := t.Exec(`CREATE INDEX ` + n + ` ON ` + table + ` ` + want[n]); err != nil {
			return err
		}
		// The planner needs statistics of the new index to choose it.
		if q := t.s.d.AnalyzeIndexSQL(n); q != "" {
			if _, err := t.Exec(q); err != nil {
				return err
			}
		}
	}
	return nil
}

// syncAllIndexes runs at start: a data directory written under another index
// scheme (or another IndexCover) gets its field indexes rebuilt, once.
func (s *Store) syncAllIndexes(ctx context.Context) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		for _, d := range t.Cat.Databases {
			if err := t.syncIndexes(kopernik.DatabaseOwner(d.ID)); err != nil {
				return err
			}
			for _, c := range d.Collections {
				if err := t.syncIndexes(kopernik.CollectionOwner(c.ID)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
