package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// ExportRow is one live entity as an export writes it: its ID and the
// values of the asked fields as the API prints them. The slices are reused
// for the next row.
type ExportRow struct {
	ID        int64
	ProfileID int64 // subprofiles
	Values    [][]byte
}

// exportPage is how many rows one read of an export takes: each page is
// one short read transaction, so a long export never pins the write-ahead
// log of a store that keeps serving.
const exportPage = 20000

// Export walks the live entities of o in ID order (keyset pages on the
// read pool) and hands each to fn with the values of fields.
func (s *Store) Export(ctx context.Context, o kopernik.Owner, fields []*kopernik.Field, fn func(*ExportRow) error) error {
	return s.export(ctx, o, 0, fields, fn)
}

// ExportView walks the stored members of view, profiles of o, like Export.
// The caller makes sure they are current (SelectionCurrent, EnsureMembers).
func (s *Store) ExportView(ctx context.Context, o kopernik.Owner, view int64, fields []*kopernik.Field, fn func(*ExportRow) error) error {
	return s.export(ctx, o, view, fields, fn)
}

// SelectionCurrent reports whether the stored members of ref are what a
// full build would compute now: built, and kept clean since by the writer.
func (s *Store) SelectionCurrent(ctx context.Context, ref kopernik.SelectionRef) (bool, error) {
	st, err := s.buildStates(ctx, s.rdb, []kopernik.SelectionRef{ref})
	if err != nil {
		return false, err
	}
	return st[ref].Built && !st[ref].Dirty, nil
}

func (s *Store) export(ctx context.Context, o kopernik.Owner, view int64, fields []*kopernik.Field, fn func(*ExportRow) error) error {
	cols := "id, "
	if o.Kind == kopernik.OwnerCollection {
		cols += "profile_id"
	} else {
		cols += "0"
	}
	for _, f := range fields {
		cols += ", " + fieldColumn(f.ID)
	}
	members := ""
	if view != 0 {
		members = ` AND id IN (SELECT profile_id FROM view_members WHERE view_id = ?)`
	}
	q := Rebind(s.d, `SELECT `+cols+` FROM `+ownerTable(o)+` WHERE id > ? AND removed IS NULL`+members+` ORDER BY id LIMIT `+strconv.Itoa(exportPage))
	raw := make([]sql.RawBytes, len(fields))
	dest := make([]any, 0, 2+len(fields))
	row := &ExportRow{Values: make([][]byte, len(fields))}
	dest = append(dest, &row.ID, &row.ProfileID)
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	floats := make([]bool, len(fields))
	for i, f := range fields {
		floats[i] = f.Type == kopernik.TypeFloat
	}
	var after int64
	for {
		args := []any{after}
		if view != 0 {
			args = append(args, view)
		}
		rows, err := s.rdb.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
			for i := range raw {
				row.Values[i] = raw[i]
				if floats[i] {
					f, _ := strconv.ParseFloat(string(raw[i]), 64)
					row.Values[i] = []byte(values.FormatFloat(f))
				}
			}
			if err := fn(row); err != nil {
				rows.Close()
				return err
			}
			after = row.ID
			n++
		}
		if err := closeRows(rows); err != nil {
			return err
		}
		if n < exportPage {
			return nil
		}
	}
}
