package sqlstore

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// createEntityTable makes the table that holds a database's profiles or a
// collection's subprofiles. Field columns are added as fields are created.
func (t *Tx) createEntityTable(o kopernik.Owner) error {
	table := ownerTable(o)
	extra := ""
	if o.Kind == kopernik.OwnerCollection {
		extra = ", profile_id BIGINT NOT NULL"
	}
	if _, err := t.Exec(`CREATE TABLE ` + table + ` (` + t.s.d.IDColumn() + `,
		secret TEXT NOT NULL,
		created TEXT NOT NULL,
		modified TEXT NOT NULL,
		removed TEXT` + extra + `)`); err != nil {
		return err
	}
	if o.Kind == kopernik.OwnerCollection {
		if _, err := t.Exec(`CREATE INDEX ` + table + `_profile ON ` + table + ` (profile_id)`); err != nil {
			return err
		}
	}
	return nil
}

// addFieldColumn adds the column of a new field. Existing rows get the B34 fill
// (0 or the zero date) from the column default; text-like defaults are written
// with a bound parameter afterwards, because user text never goes into DDL.
func (t *Tx) addFieldColumn(f *kopernik.Field) error {
	table, col := ownerTable(f.Owner), fieldColumn(f.ID)
	if _, err := t.Exec(`ALTER TABLE ` + table + ` ADD COLUMN ` + col + ` ` + t.s.d.ColumnType(f.Type)); err != nil {
		return err
	}
	if !f.Type.IsNumeric() && !f.Type.IsDate() {
		if fill := t.s.conv.FillForExisting(f); fill != "" {
			if _, err := t.Exec(`UPDATE `+table+` SET `+col+` = ?`, fill); err != nil {
				return err
			}
		}
	}
	if !f.Index || f.Type == kopernik.TypeBig {
		return nil
	}
	return t.syncIndexes(f.Owner)
}

// bindValue turns a stored text form into the Go value its column type expects.
func bindValue(ft kopernik.FieldType, v string) any {
	switch {
	case ft.IsInteger():
		return parseSigned(v)
	case ft == kopernik.TypeFloat:
		return parseFloat(v)
	}
	return v
}

func parseSigned(v string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

func parseFloat(v string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0
	}
	return f
}
