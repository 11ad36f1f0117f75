package sqlstore

import (
	"strconv"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
	"github.com/kopernik/kopernik/values"
)

// A full build is one INSERT … SELECT over the entity table of the
// selection's database or collection (§3.3): the candidates (live rows, for a
// nested view the parent's members) filtered by the OR of the active rules,
// each the AND of its conditions, an inverted one negated. Every condition
// becomes a boolean SQL expression over the row `e`; values are bound, and
// the only identifiers are generated from IDs (tables, columns, selection
// IDs). Window bounds, operands and Part ranges are computed in Go with the
// same functions the reference algorithm uses (package selection).

// sqlPart is a piece of SQL with its arguments, in order.
type sqlPart struct {
	sql  string
	args []any
}

var (
	sqlTrue  = sqlPart{sql: "1=1"}
	sqlFalse = sqlPart{sql: "1=0"}
)

func constPart(b bool) sqlPart {
	if b {
		return sqlTrue
	}
	return sqlFalse
}

// join writes parts with sep, each in parentheses.
func join(parts []sqlPart, sep string) sqlPart {
	var b strings.Builder
	var args []any
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteByte('(')
		b.WriteString(p.sql)
		b.WriteByte(')')
		args = append(args, p.args...)
	}
	return sqlPart{b.String(), args}
}

func not(p sqlPart) sqlPart { return sqlPart{"NOT (" + p.sql + ")", p.args} }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// selBuild compiles the rules of one selection as of one now.
type selBuild struct {
	t      *Tx
	d      Dialect
	cat    *kopernik.Catalog
	defs   *selection.Definitions
	now    time.Time
	target kopernik.Owner
	table  string
	// from is the FROM clause of the candidates: the entity table as e, for
	// a nested view joined to the parent's members (pm), which drives the
	// scan: reading the parent's members and looking their rows up is far
	// cheaper than scanning the table and testing each row against them.
	from string
}

// memberQuery is the SELECT that yields the members of ref as of now:
// (view_id, profile_id) rows for a view, (miniview_id, subprofile_id,
// profile_id) for a miniview.
func (t *Tx) memberQuery(ref kopernik.SelectionRef, now time.Time) (string, []any, error) {
	b := &selBuild{t: t, d: t.s.d, cat: t.Cat, defs: t.defs(), now: now.In(t.s.clk.Loc)}
	var cols string
	if ref.Kind == kopernik.KindMiniview {
		m := b.defs.Miniview(ref.ID)
		b.target = kopernik.CollectionOwner(m.Collection)
		cols = itoa(ref.ID) + ", e.id, e.profile_id"
	} else {
		v := b.defs.View(ref.ID)
		b.target = kopernik.DatabaseOwner(v.Database)
		cols = itoa(ref.ID) + ", e.id"
	}
	b.table = ownerTable(b.target)
	b.from = b.table + " e"
	cand := b.candidates(ref)
	where, err := b.rules(ref, cand)
	if err != nil {
		return "", nil, err
	}
	all := join([]sqlPart{cand, where}, " AND ")
	return "SELECT " + cols + " FROM " + b.from + " WHERE " + all.sql, all.args, nil
}

// candidates is §3.2 over the row e: live, and for a nested view a member
// of the parent (built before, §3.4), through the join of b.from.
func (b *selBuild) candidates(ref kopernik.SelectionRef) sqlPart {
	c := "e.removed IS NULL"
	if ref.Kind == kopernik.KindView {
		if p := b.defs.View(ref.ID).Parent; p != 0 {
			b.from = "view_members pm JOIN " + b.table + " e ON e.id = pm.profile_id"
			c = "pm.view_id = " + itoa(p) + " AND " + c
		}
	}
	return sqlPart{sql: c}
}

// rules is the OR of the active rules; none active selects every candidate.
func (b *selBuild) rules(ref kopernik.SelectionRef, cand sqlPart) (sqlPart, error) {
	var ors []sqlPart
	for _, r := range b.defs.RulesOf(ref) {
		if !b.defs.Active(r) {
			continue
		}
		p, err := b.rule(r, cand)
		if err != nil {
			return sqlPart{}, err
		}
		if r.Inversed {
			p = not(p)
		}
		ors = append(ors, p)
	}
	if len(ors) == 0 {
		return sqlTrue, nil
	}
	return join(ors, " OR "), nil
}

// rule is the AND of a rule's per-entity conditions, then its Part
// conditions in ID order as slices of what passes the others (§3.3).
func (b *selBuild) rule(r *kopernik.Rule, cand sqlPart) (sqlPart, error) {
	var ands []sqlPart
	var parts []*kopernik.PartCondition
	for _, c := range b.defs.ConditionsOf(r.ID) {
		if p, ok := c.Props.(*kopernik.PartCondition); ok {
			parts = append(parts, p)
			continue
		}
		ands = append(ands, b.condition(c.Props))
	}
	var all sqlPart
	if len(ands) == 0 {
		all = sqlTrue
	} else {
		all = join(ands, " AND ")
	}
	if len(parts) == 0 {
		return all, nil
	}
	return b.slices(parts, join([]sqlPart{cand, all}, " AND "))
}

// condition is one per-entity condition as a boolean expression over e.
func (b *selBuild) condition(p kopernik.ConditionProps) sqlPart {
	switch x := p.(type) {
	case *kopernik.FieldCondition:
		return b.field(x)
	case *kopernik.InterestCondition:
		return b.interest(x)
	case *kopernik.DateCondition:
		return b.date(x)
	case *kopernik.DoubleFieldCondition:
		return b.doubleField(x)
	case *kopernik.ReferViewCondition:
		v := b.defs.View(x.View)
		if v == nil || b.target.Kind != kopernik.OwnerDatabase || v.Database != b.target.ID {
			return sqlFalse
		}
		in := "e.id IN (SELECT profile_id FROM view_members WHERE view_id = " + itoa(x.View) + ")"
		if x.Not {
			return sqlPart{sql: "NOT (" + in + ")"}
		}
		return sqlPart{sql: in}
	case *kopernik.MiniViewCondition:
		return b.miniView(x)
	case *kopernik.ChangeCondition:
		return b.change(x)
	}
	return constPart(selection.EmptyHistory(p))
}

// ownField is the field f when it belongs to the build's target, else nil.
func (b *selBuild) ownField(id int64) *kopernik.Field {
	f := b.cat.Field(id)
	if f == nil || f.Owner != b.target {
		return nil
	}
	return f
}

func col(f *kopernik.Field) string { return "e." + fieldColumn(f.ID) }

// text is a field's value as text, the form the reference compares.
func text(f *kopernik.Field) string {
	if f.Type.IsNumeric() {
		return "CAST(" + col(f) + " AS TEXT)"
	}
	return col(f)
}

// number is a field's value as a number (non-numeric text is 0).
func number(f *kopernik.Field) string {
	if f.Type.IsNumeric() {
		return col(f)
	}
	return "kopernik_float(" + col(f) + ")"
}

// datetime extends a date to midnight so date and datetime texts compare.
func datetime(f *kopernik.Field) string {
	if f.Type.HasTime() {
		return col(f)
	}
	return "CASE WHEN length(" + col(f) + ") = 10 THEN " + col(f) + " || ' 00:00:00' ELSE " + col(f) + " END"
}

// field is §5.1 in the modes of selection.FieldCompareMode.
func (b *selBuild) field(x *kopernik.FieldCondition) sqlPart {
	f := b.ownField(x.Field)
	if f == nil {
		return sqlFalse
	}
	var other *kopernik.Field
	if x.OtherField != 0 {
		if other = b.ownField(x.OtherField); other == nil {
			return sqlFalse
		}
	}
	m := selection.FieldCompareMode(f, other, x.Numeric)
	switch x.Comparison {
	case kopernik.CmpIsEmail:
		return sqlPart{sql: "kopernik_is_email(" + text(f) + ")"}
	case kopernik.CmpIsNumeric:
		return sqlPart{sql: "kopernik_is_numeric(" + text(f) + ")"}
	case kopernik.CmpRegexp:
		if other != nil {
			return sqlPart{sql: "kopernik_regexp(" + text(other) + ", " + text(f) + ")"}
		}
		if !selection.ValidRegexp(x.Value) {
			return sqlFalse
		}
		return sqlPart{"kopernik_regexp(?, " + text(f) + ")", []any{b.d.Text(x.Value)}}
	case kopernik.CmpContains, kopernik.CmpNotContains:
		hay, needle := text(f), "?"
		var args []any
		if other != nil {
			needle = text(other)
		} else {
			args = []any{b.d.Text(x.Value)}
		}
		if m != selection.CompareExact {
			hay, needle = b.d.Fold(hay), b.d.Fold(needle)
		}
		op := " > 0"
		if x.Comparison == kopernik.CmpNotContains {
			op = " = 0"
		}
		return sqlPart{b.d.Instr(hay, needle) + op, args}
	}
	var op string
	switch x.Comparison {
	case kopernik.CmpEquals:
		op = " = "
	case kopernik.CmpNotEquals:
		op = " <> "
	case kopernik.CmpLess:
		op = " < "
	case kopernik.CmpMore:
		op = " > "
	default:
		return sqlFalse
	}
	var lhs, rhs string
	var arg any
	raw := ""
	if other == nil {
		raw = selection.FieldOperand(f, m, x.Value, b.now.Location())
	}
	switch m {
	case selection.CompareInt:
		lhs, rhs, arg = col(f), "?", values.Int(raw)
		if other != nil {
			rhs = col(other)
		}
	case selection.CompareFloat:
		lhs, rhs, arg = number(f), "?", finite(values.Float(raw))
		if other != nil {
			rhs = number(other)
		}
	case selection.CompareDate:
		lhs, rhs, arg = b.d.Binary(datetime(f)), b.d.Binary("?"), asDatetime(raw)
		if other != nil {
			if other.Type.IsDate() {
				rhs = b.d.Binary(datetime(other))
			} else {
				rhs = b.d.Binary(text(other))
			}
		}
	case selection.CompareExact:
		lhs, rhs, arg = b.d.Binary(text(f)), b.d.Binary("?"), b.d.Text(raw)
		if other != nil {
			rhs = b.d.Binary(text(other))
		}
	default:
		lhs, rhs, arg = b.d.Fold(text(f)), b.d.Fold("?"), b.d.Text(raw)
		if other != nil {
			rhs = b.d.Fold(text(other))
		}
	}
	if other != nil {
		return sqlPart{sql: lhs + op + rhs}
	}
	return sqlPart{lhs + op + rhs, []any{arg}}
}

func asDatetime(s string) string {
	if len(s) == 10 {
		return s + " 00:00:00"
	}
	return s
}

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

// finite keeps a bound float finite, as the filter does: some drivers
// refuse an infinity, and beyond float64 the order is the same.
func finite(f float64) float64 {
	switch {
	case f > 1.7976931348623157e308:
		return 1.7976931348623157e308
	case f < -1.7976931348623157e308:
		return -1.7976931348623157e308
	case f != f:
		return 0
	}
	return f
}
