package sqlstore

import (
	"strconv"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
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
