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
	cols := "id, "
	if o.Kind == kopernik.OwnerCollection {
		cols += "profile_id"
	} else {
		cols += "0"
	}
	for _, f := range fields {
		cols += ", " + fieldColumn(f.ID)
	}
	q := Rebind(s.d, `SELECT `+cols+` FROM `+ownerTable(o)+` WHERE id > ? AND removed IS NULL ORDER BY id LIMIT `+strconv.Itoa(exportPage))
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
		rows, err := s.rdb.QueryContext(ctx, q, after)
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
