package filter

import (
	"math"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Target describes what is being filtered.
type Target struct {
	// Fields of the database (profiles) or collection (subprofiles).
	Fields []*kopernik.Field
	// Qualifier, when set, prefixes every column ("p" → p.f_12). It is
	// program text, never user input, and must be a plain identifier
	// ([A-Za-z_][A-Za-z0-9_]*); anything else panics.
	Qualifier string
}

// Normalizer converts a raw filter value for a numeric or date field to its
// stored text form (the storage layer passes values.Conv.Normalize).
type Normalizer func(f *kopernik.Field, raw string) string

// modifiedField is the synthetic field the `modified` column is normalised as.
var modifiedField = &kopernik.Field{Name: "modified", Type: kopernik.TypeDatetime}

// resolved is a condition's column plus the field its values normalise as
// (nil for id and code).
type resolved struct {
	col   Column
	field *kopernik.Field
}

func (t Target) column(name string) string {
	if t.Qualifier == "" {
		return name
	}
	if !validIdent(t.Qualifier) {
		panic("filter: invalid Target.Qualifier")
	}
	return t.Qualifier + "." + name
}

func validIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return s != ""
}

// fieldColumn maps a field to its column; ok is false for fields this package
// cannot name safely (nil, non-positive ID, unknown type).
func (t Target) fieldColumn(f *kopernik.Field) (Column, bool) {
	if f == nil || f.ID <= 0 {
		return Column{}, false
	}
	c := Column{Name: t.column("f_" + strconv.FormatInt(f.ID, 10))}
	switch {
	case f.Type.IsInteger():
		c.Kind = KindInteger
	case f.Type == kopernik.TypeFloat:
		c.Kind = KindFloat
	case f.Type.IsDate():
		c.Kind = KindDate
	case f.Type.IsTextLike():
		c.Kind, c.Declared = KindFold, true
	case f.Type == kopernik.TypeSelect:
		c.Kind = KindExact
	default:
		return Column{}, false
	}
	return c, true
}

func (t Target) fieldByName(name string) *kopernik.Field {
	for _, f := range t.Fields {
		if f != nil && strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// resolveFilter applies the lookup of conventions.md §8.3: fields first, then
// the special names id, code and modified.
func (t Target) resolveFilter(name string) (resolved, bool) {
	if f := t.fieldByName(name); f != nil {
		c, ok := t.fieldColumn(f)
		return resolved{col: c, field: f}, ok
	}
	switch {
	case strings.EqualFold(name, "id"):
		return resolved{col: Column{Name: t.column("id"), Kind: KindInteger}}, true
	case strings.EqualFold(name, "code"):
		return resolved{col: Column{Name: t.column("secret"), Kind: KindFold}}, true
	case strings.EqualFold(name, "modified"):
		return resolved{col: Column{Name: t.column("modified"), Kind: KindDate}, field: modifiedField}, true
	}
	return resolved{}, false
}

// value prepares the bound value of a comparison (not LIKE).
func (r resolved) value(d Dialect, raw string, norm Normalizer) any {
	switch r.col.Kind {
	case KindInteger:
		if r.field != nil && norm != nil {
			raw = norm(r.field, raw)
		}
		return values.Int(raw)
	case KindFloat:
		if r.field != nil && norm != nil {
			raw = norm(r.field, raw)
		}
		return floatArg(raw)
	case KindDate:
		if norm != nil {
			raw = norm(r.field, raw)
		} else {
			raw = strings.Trim(raw, phpBlanks)
		}
	}
	return d.TextArg(raw)
}

// Compile resolves names and returns an SQL boolean expression joined by AND
// ("" when nothing applies), its arguments, and how many conditions applied.
// argOffset is the number of arguments already bound before these (for
// PostgreSQL's numbered placeholders). Unknown names are dropped; so are
// conditions with an invalid operator. Removed rows are the caller's concern.
//
// Values: numeric fields and id are converted to a number (PHP rules, through
// norm for fields) and bound as int64 or float64; date fields and modified
// are normalised by norm and compared as text; text-like fields and code
// compare case-insensitively, select fields case-sensitively, with the value
// verbatim. For =~ and !~ the value is a pattern (ParsePattern), taken
// verbatim for text and select and trimmed for numeric and date columns,
// whose text form it is matched against.
func Compile(d Dialect, t Target, conds []Cond, norm Normalizer, argOffset int) (where string, args []any, applied int) {
	var parts []string
	t.applying(conds, func(c Cond, r resolved) {
		var arg any
		var sql string
		ph := d.Placeholder(argOffset + len(args) + 1)
		if c.Op == OpLike || c.Op == OpNotLike {
			v := c.Value
			if k := r.col.Kind; k != KindFold && k != KindExact {
				v = strings.Trim(v, phpBlanks)
			}
			arg = d.LikeArg(r.col, ParsePattern(v))
			sql = d.Like(r.col, ph, c.Op == OpNotLike)
		} else {
			arg = r.value(d, c.Value, norm)
			sql = d.Compare(r.col, c.Op.sql(), ph)
		}
		parts = append(parts, sql)
		args = append(args, arg)
	})
	return strings.Join(parts, " AND "), args, len(parts)
}

// applying calls fn for each condition that applies: its operator is valid
// and its name resolves. The others are dropped (conventions.md §8.3).
func (t Target) applying(conds []Cond, fn func(Cond, resolved)) {
	for _, c := range conds {
		if !c.Op.Valid() {
			continue
		}
		if r, ok := t.resolveFilter(c.Name); ok {
			fn(c, r)
		}
	}
}

// OrderBy compiles orderby/order (conventions.md §9, B73–B75). The special
// words id, random and modified (any case) beat fields; then a field name
// (case-insensitive) or a field ID in digits; anything else orders by id.
// order desc/descending (any case) sorts descending, anything else
// ascending. Ties are broken by id ascending. Examples: "f_12 DESC, id ASC",
// "id ASC", "random()".
func OrderBy(d Dialect, t Target, orderby, order string) string {
	dir := "ASC"
	if Descending(order) {
		dir = "DESC"
	}
	id := t.column("id")
	switch {
	case strings.EqualFold(orderby, "id"):
		return id + " " + dir
	case strings.EqualFold(orderby, "random"):
		return d.Random()
	case strings.EqualFold(orderby, "modified"):
		return t.column("modified") + " " + dir + ", " + id + " ASC"
	}
	if c, ok := t.fieldColumn(OrderField(t, orderby)); ok {
		return d.OrderExpr(c) + " " + dir + ", " + id + " ASC"
	}
	return id + " " + dir
}

// Descending reports an order value that sorts descending (B74).
func Descending(order string) bool {
	return strings.EqualFold(order, "desc") || strings.EqualFold(order, "descending")
}

// OrderField is the field an orderby value sorts on: nil for the special words
// (which beat fields of the same name, B75) and for unknown values.
func OrderField(t Target, orderby string) *kopernik.Field {
	for _, w := range []string{"id", "random", "modified"} {
		if strings.EqualFold(orderby, w) {
			return nil
		}
	}
	if f := t.fieldByName(orderby); f != nil {
		return f
	}
	if isDigits(orderby) {
		if n, err := strconv.ParseInt(orderby, 10, 64); err == nil {
			for _, g := range t.Fields {
				if g != nil && g.ID == n {
					return g
				}
			}
		}
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// floatArg is PHP's (float) of a filter value, kept finite because a bound
// infinity is refused by some drivers; beyond float64 the order is the same.
func floatArg(raw string) float64 {
	f := values.Float(raw)
	switch {
	case math.IsInf(f, 1):
		return math.MaxFloat64
	case math.IsInf(f, -1):
		return -math.MaxFloat64
	case math.IsNaN(f):
		return 0
	}
	return f
}

// Uses reports what the conditions that apply read: their fields, and whether
// any reads a column besides a field and id (code, modified). The storage
// layer uses it to tell whether an index holds every column a filter tests.
func Uses(t Target, conds []Cond) (fields []*kopernik.Field, other bool) {
	t.applying(conds, func(c Cond, r resolved) {
		switch {
		case r.field != nil && r.field != modifiedField:
			fields = append(fields, r.field)
		case strings.EqualFold(c.Name, "id"):
		default:
			other = true
		}
	})
	return fields, other
}
