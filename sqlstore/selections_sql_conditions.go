package sqlstore

import (
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Interest, Date, DoubleField and MiniView conditions (§5.2–§5.4, §5.7).

// interest is §5.2: a profile's interest, or any interest of a group.
func (b *selBuild) interest(x *kopernik.InterestCondition) sqlPart {
	if b.target.Kind != kopernik.OwnerDatabase {
		return sqlFalse
	}
	var ids []int64
	var want bool
	switch x.Mode {
	case selection.ModeWithInterest, selection.ModeWithoutInterest:
		i := b.cat.Interest(x.Interest)
		if i == nil || i.DatabaseID != b.target.ID {
			return sqlFalse
		}
		ids, want = []int64{i.ID}, x.Mode == selection.ModeWithInterest
	default:
		if d := b.cat.Database(b.target.ID); d != nil {
			for _, i := range d.Interests {
				if strings.EqualFold(i.Group, x.Group) {
					ids = append(ids, i.ID)
				}
			}
		}
		want = x.Mode == selection.ModeWithGroup
		if len(ids) == 0 {
			return constPart(!want)
		}
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = itoa(id)
	}
	in := "e.id IN (SELECT profile_id FROM profile_interests WHERE interest_id IN (" + strings.Join(list, ", ") + "))"
	if !want {
		in = "NOT (" + in + ")"
	}
	return sqlPart{sql: in}
}

// window renders a resolved time window over the canonical text expr.
func (b *selBuild) window(expr string, w selection.Bounds) sqlPart {
	var ands []sqlPart
	if w.HasLo {
		ands = append(ands, sqlPart{expr + " >= " + b.d.Binary("?"), []any{w.Lo}})
	}
	if w.HasHi {
		ands = append(ands, sqlPart{expr + " < " + b.d.Binary("?"), []any{w.Hi}})
	}
	if len(ands) == 0 {
		return sqlTrue
	}
	return join(ands, " AND ")
}

// date is §5.3: a date that is not empty nor zero, inside the window (its
// month-day-time part, with ignoreyear).
func (b *selBuild) date(x *kopernik.DateCondition) sqlPart {
	f := b.ownField(x.Field)
	if f == nil || !f.Type.IsDate() {
		return sqlFalse
	}
	c := col(f)
	valid := sqlPart{sql: "length(" + c + ") IN (10, 19) AND substr(" + c + ", 1, 4) <> '0000'"}
	bounds := selection.Resolve(x.Window, b.now)
	v := b.d.Binary(datetime(f))
	if !x.IgnoreYear {
		return join([]sqlPart{valid, b.window(v, bounds)}, " AND ")
	}
	y := bounds.IgnoringYear()
	part := b.d.Binary("substr(" + datetime(f) + ", 6)")
	lo, hi := sqlTrue, sqlTrue
	if y.HasLo {
		lo = sqlPart{part + " >= " + b.d.Binary("?"), []any{y.Lo}}
	}
	if y.HasHi {
		hi = sqlPart{part + " < " + b.d.Binary("?"), []any{y.Hi}}
	}
	sep := " AND "
	if y.Wrap {
		sep = " OR "
	}
	return join([]sqlPart{valid, join([]sqlPart{lo, hi}, sep)}, " AND ")
}

// doubleField is §5.4: every live row of the owner grouped by the trimmed,
// folded values of the fields, with window functions over the groups.
func (b *selBuild) doubleField(x *kopernik.DoubleFieldCondition) sqlPart {
	var keys []string
	var args []any
	for _, id := range x.Fields {
		f := b.ownField(id)
		if f == nil {
			return sqlFalse
		}
		keys = append(keys, b.d.Fold("ltrim(rtrim("+text(f)+", ?), ?)"))
		args = append(args, selection.GroupTrim, selection.GroupTrim)
	}
	if len(keys) == 0 {
		return sqlFalse
	}
	w := "OVER (PARTITION BY " + strings.Join(keys, ", ") + ")"
	var cond string
	switch x.Mode {
	case selection.DoubleUnique:
		cond = "n = 1"
	case selection.DoubleNonUnique:
		cond = "n > 1"
	case selection.DoubleRepeated:
		cond = "lo < id"
	case selection.DoubleNonRepeated:
		cond = "lo = id"
	case selection.DoubleLast:
		cond = "hi = id"
	case selection.DoubleToBeRepeated:
		cond = "hi > id"
	default:
		return sqlFalse
	}
	// The key expressions appear three times, so their arguments do too.
	all := append(append(append([]any{}, args...), args...), args...)
	return sqlPart{"e.id IN (SELECT id FROM (SELECT e.id AS id, COUNT(*) " + w + " AS n, MIN(e.id) " + w +
		" AS lo, MAX(e.id) " + w + " AS hi FROM " + b.table + " e WHERE e.removed IS NULL) g WHERE " + cond + ")", all}
}

// miniView is §5.7: the number of the profile's subprofiles in the
// miniview between the bounds; in a minirule, of the subprofile's profile.
func (b *selBuild) miniView(x *kopernik.MiniViewCondition) sqlPart {
	m := b.defs.Miniview(x.Miniview)
	if m == nil {
		return sqlFalse
	}
	db := b.target.ID
	profile := "e.id"
	if b.target.Kind == kopernik.OwnerCollection {
		own := b.cat.Collection(b.target.ID)
		if own == nil {
			return sqlFalse
		}
		db, profile = own.DatabaseID, "e.profile_id"
	}
	if c := b.cat.Collection(m.Collection); c == nil || c.DatabaseID != db {
		return sqlFalse
	}
	lo, hi, hasHi := selection.MiniviewBounds(x)
	if hasHi && hi < lo {
		return sqlFalse
	}
	counts := "SELECT profile_id FROM miniview_members WHERE miniview_id = " + itoa(m.ID) + " GROUP BY profile_id HAVING "
	if lo > 0 {
		// Only profiles that have members can count lo or more.
		having := "COUNT(*) >= ?"
		args := []any{lo}
		if hasHi {
			having += " AND COUNT(*) <= ?"
			args = append(args, hi)
		}
		return sqlPart{profile + " IN (" + counts + having + ")", args}
	}
	if !hasHi {
		return sqlTrue
	}
	return sqlPart{profile + " NOT IN (" + counts + "COUNT(*) > ?)", []any{hi}}
}
