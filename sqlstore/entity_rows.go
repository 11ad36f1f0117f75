package sqlstore

import (
	"database/sql"
	"strings"

	"github.com/kopernik/kopernik"
)

// kindOwnerTable etc. name the sequence table per entity kind.
func seqTable(kind kopernik.OwnerKind) string {
	if kind == kopernik.OwnerDatabase {
		return "profile_seq"
	}
	return "subprofile_seq"
}

func entityWord(kind kopernik.OwnerKind) string {
	if kind == kopernik.OwnerDatabase {
		return "profile"
	}
	return "subprofile"
}

// selectList is the column list of an entity table for its owner's fields.
func selectList(o kopernik.Owner, fields []*kopernik.Field, qual string) string {
	var b strings.Builder
	col := func(c string) {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if qual != "" {
			b.WriteString(qual + ".")
		}
		b.WriteString(c)
	}
	col("id")
	col("secret")
	col("created")
	col("modified")
	col("removed")
	if o.Kind == kopernik.OwnerCollection {
		col("profile_id")
	} else {
		col("0")
	}
	for _, f := range fields {
		col(fieldColumn(f.ID))
	}
	return b.String()
}

type rowScanner = RowScanner

// scanEntity reads a row produced by selectList. Text columns scan straight
// into strings; numbers go through any, so that a value of an unexpected
// storage class still reads back the way storedText prints it.
func scanEntity(sc rowScanner, o kopernik.Owner, fields []*kopernik.Field, extra ...any) (*kopernik.Entity, error) {
	e := &kopernik.Entity{Owner: o, Values: make(map[int64]string, len(fields))}
	var removed sql.NullString
	texts := make([]string, len(fields))
	var nums []any
	dest := make([]any, 0, 6+len(fields))
	dest = append(dest, &e.ID, &e.Secret, &e.Created, &e.Modified, &removed, &e.ProfileID)
	for i, f := range fields {
		if f.Type.IsNumeric() {
			if nums == nil {
				nums = make([]any, len(fields))
			}
			dest = append(dest, &nums[i])
		} else {
			dest = append(dest, &texts[i])
		}
	}
	dest = append(dest, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	e.Removed = removed.String
	for i, f := range fields {
		if f.Type.IsNumeric() {
			e.Values[f.ID] = storedText(f.Type, nums[i])
		} else {
			e.Values[f.ID] = texts[i]
		}
	}
	return e, nil
}

// zeroValue is what a field column holds after its entity is removed: the
// personal data is gone, the row and ID stay (soft delete).
func zeroValue(ft kopernik.FieldType) any {
	switch {
	case ft.IsNumeric():
		return int64(0)
	case ft.HasTime():
		return "0000-00-00 00:00:00"
	case ft.IsDate():
		return "0000-00-00"
	}
	return ""
}

// phpTruthy is PHP's boolean cast, used for interest flags (O9).
func phpTruthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case int64:
		return x != 0
	case float64:
		return x != 0
	case string:
		return x != "" && x != "0"
	case []any:
		return len(x) > 0
	case *kopernik.Map:
		return x.Len() > 0
	}
	return false
}
