package sqlstore

import (
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// slices applies the Part conditions of a rule (§5.5, O-13) to the rows
// matching set, in ID order: each sorts what the previous one kept and
// keeps a range of positions, LIMIT/OFFSET in SQL. The range needs the size
// of the set, so the first set is counted once; the later sizes follow from
// the ranges.
func (b *selBuild) slices(parts []*kopernik.PartCondition, set sqlPart) (sqlPart, error) {
	ids := sqlPart{"SELECT e.id FROM " + b.from + " WHERE " + set.sql, set.args}
	var n int64
	if err := b.t.QueryRow("SELECT COUNT(*) FROM ("+ids.sql+") c", ids.args...).Scan(&n); err != nil {
		return sqlPart{}, err
	}
	env := selection.Env{Catalog: b.cat, Defs: b.defs, Now: b.now}
	for _, p := range parts {
		order, ok := b.sortKeys(p)
		if !ok {
			return sqlFalse, nil // a sort field is gone: the slice is empty (§9)
		}
		from, to := selection.PreparePart(env, b.target, p).Range(n)
		if from >= to {
			return sqlFalse, nil
		}
		ids = sqlPart{"SELECT e.id FROM " + b.table + " e WHERE e.id IN (" + ids.sql + ") ORDER BY " + order +
			" LIMIT ? OFFSET ?", append(append([]any{}, ids.args...), to-from, from)}
		n = to - from
	}
	// The inner SELECT keeps its own LIMIT inside a derived table, which
	// both engines accept under IN.
	return sqlPart{"e.id IN (SELECT id FROM (" + ids.sql + ") k)", ids.args}, nil
}

// sortKeys is the ORDER BY of a Part: its keys, alphabetical ones folded,
// numerical ones as numbers, then the ID ascending.
func (b *selBuild) sortKeys(p *kopernik.PartCondition) (string, bool) {
	var keys []string
	for _, k := range p.Sort {
		f := b.ownField(k.Field)
		if f == nil {
			return "", false
		}
		expr := b.d.Fold(text(f))
		if k.Numeric {
			expr = number(f)
		}
		if k.Desc {
			expr += " DESC"
		}
		keys = append(keys, expr)
	}
	keys = append(keys, "e.id")
	return strings.Join(keys, ", "), true
}
