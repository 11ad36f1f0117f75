package filter

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Target describes the rows an expression is compiled for.
type Target struct {
	// Qualifier, when set, prefixes every column ("p" → p.f_12).
	Qualifier string
	// Table is the entity table (p_<id>, s_<id>). A correlated sub-select
	// (HasInterest) names the outer row through it when there is no
	// Qualifier.
	Table string
	// Subprofiles says the rows are subprofiles: HasInterest then tests the
	// interests of each row's profile.
	Subprofiles bool
}

// Qualifier and Table are program text, never user input, and must be plain
// identifiers ([A-Za-z_][A-Za-z0-9_]*); anything else panics.
func (t Target) column(name string) string {
	if t.Qualifier == "" {
		return name
	}
	return mustIdent(t.Qualifier) + "." + name
}

// outer names a column of the row from inside a sub-select.
func (t Target) outer(name string) string {
	q := t.Qualifier
	if q == "" {
		q = t.Table
	}
	if q == interestAlias {
		panic("filter: Target qualifier clashes with the sub-select alias")
	}
	return mustIdent(q) + "." + name
}

func mustIdent(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		panic("filter: invalid identifier in Target")
	}
	if s == "" {
		panic("filter: a sub-select needs Target.Table or Target.Qualifier")
	}
	return s
}

// kindOf says how a field's column compares; ok is false for fields this
// package cannot name safely (nil, non-positive ID, unknown type), which
// Resolve treats as unknown.
func kindOf(f *kopernik.Field) (Kind, bool) {
	if f == nil || f.ID <= 0 {
		return 0, false
	}
	switch {
	case f.Type.IsInteger():
		return KindInteger, true
	case f.Type == kopernik.TypeFloat:
		return KindFloat, true
	case f.Type.IsDate():
		return KindDate, true
	case f.Type.IsTextLike():
		return KindFold, true
	case f.Type == kopernik.TypeSelect:
		return KindExact, true
	}
	return 0, false
}

// columnOf is the SQL column of a resolved column. A field that cannot be
// named safely is a program error here: Resolve never produces one, and
// storage checks expressions against its catalog before compiling.
func (t Target) columnOf(c kopernik.Column) Column {
	switch c.Fixed {
	case kopernik.ColID:
		return Column{Name: t.column("id"), Kind: KindInteger}
	case kopernik.ColSecret:
		return Column{Name: t.column("secret"), Kind: KindFold}
	case kopernik.ColModified:
		return Column{Name: t.column("modified"), Kind: KindDate}
	}
	k, ok := kindOf(c.Field)
	if !ok || c.Fixed != kopernik.ColField {
		panic(fmt.Sprintf("filter: column %+v cannot be compiled", c))
	}
	return Column{Name: t.column("f_" + strconv.FormatInt(c.Field.ID, 10)), Kind: k, Declared: k == KindFold}
}

// Compile renders e as an SQL boolean expression over the rows of t, with
// ? placeholders, and returns the arguments to bind in order. A nil
// expression and an empty And hold for every row, an empty Or for none.
// Removed rows are the caller's concern.
//
// Every column an expression tests is NOT NULL (field columns, id, secret,
// modified) and a sub-select answers EXISTS, never NULL, so SQL's third truth
// value never arises and Not is the plain complement.
//
// Values: numeric fields and id bind as int64 or float64; dates and modified
// compare as canonical text; text-like fields and code case-insensitively,
// select fields case-sensitively. For OpLike and OpNotLike the value is a
// pattern (ParsePattern), matched against the text form of numeric and date
// columns.
func Compile(d Dialect, t Target, e kopernik.Expr) (string, []any) {
	c := compiler{d: d, t: t}
	c.expr(e, inAnd)
	return c.b.String(), c.args
}

type compiler struct {
	d    Dialect
	t    Target
	b    strings.Builder
	args []any
}

const (
	sqlTrue  = "1=1"
	sqlFalse = "1=0"
	// interestAlias names profile_interests inside the HasInterest sub-select.
	interestAlias = "k_pi"
)

// operand says what an expression is written as an operand of, which
// decides whether a list needs parentheses: an OR under AND does, and an AND
// under OR gets them for the reader. The whole expression counts as an
// operand of AND, so a caller can add its own conditions with AND (or OR).
type operand uint8

const (
	inNot operand = iota // inside NOT ( … ), which brings its own parentheses
	inAnd
	inOr
)

func (c *compiler) expr(e kopernik.Expr, in operand) {
	switch x := e.(type) {
	case nil:
		c.b.WriteString(sqlTrue)
	case kopernik.And:
		c.list([]kopernik.Expr(x), " AND ", sqlTrue, inAnd, in)
	case kopernik.Or:
		c.list([]kopernik.Expr(x), " OR ", sqlFalse, inOr, in)
	case kopernik.Not:
		c.b.WriteString("NOT (")
		c.expr(x.X, inNot)
		c.b.WriteByte(')')
	case kopernik.Const:
		if x {
			c.b.WriteString(sqlTrue)
		} else {
			c.b.WriteString(sqlFalse)
		}
	case kopernik.Cmp:
		c.cmp(x)
	case kopernik.HasInterest:
		id := "id"
		if c.t.Subprofiles {
			id = "profile_id"
		}
		c.b.WriteString("EXISTS (SELECT 1 FROM profile_interests " + interestAlias + " WHERE " +
			interestAlias + ".profile_id = " + c.t.outer(id) + " AND " + interestAlias + ".interest_id = ?)")
		c.args = append(c.args, x.ID)
	default:
		panic(fmt.Sprintf("filter: cannot compile %T", e))
	}
}

// list writes the parts of an And (self inAnd) or Or (self inOr) that is
// itself an operand as in says. A list of one part is that part, in the
// list's place; an empty list is its identity.
func (c *compiler) list(parts []kopernik.Expr, op, empty string, self, in operand) {
	switch len(parts) {
	case 0:
		c.b.WriteString(empty)
		return
	case 1:
		c.expr(parts[0], in)
		return
	}
	wrap := in != inNot && in != self
	if wrap {
		c.b.WriteByte('(')
	}
	for i, p := range parts {
		if i > 0 {
			c.b.WriteString(op)
		}
		c.expr(p, self)
	}
	if wrap {
		c.b.WriteByte(')')
	}
}

func (c *compiler) cmp(x kopernik.Cmp) {
	col := c.t.columnOf(x.Col)
	var sql string
	var arg any
	switch x.Op {
	case kopernik.OpLike, kopernik.OpNotLike:
		sql, arg = c.d.Like(col, ParsePattern(x.Value), x.Op == kopernik.OpNotLike)
	default:
		var v any = x.Value
		switch col.Kind {
		case KindInteger:
			v = values.Int(x.Value)
		case KindFloat:
			v = floatArg(x.Value)
		}
		sql, arg = c.d.Compare(col, opSQL(x.Op), v)
	}
	c.b.WriteString(sql)
	c.args = append(c.args, arg)
}

func opSQL(op kopernik.CmpOp) string {
	switch op {
	case kopernik.OpEq:
		return "="
	case kopernik.OpNe:
		return "<>"
	case kopernik.OpLt:
		return "<"
	case kopernik.OpGt:
		return ">"
	case kopernik.OpLe:
		return "<="
	case kopernik.OpGe:
		return ">="
	}
	panic(fmt.Sprintf("filter: unknown operator %d", op))
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

// OrderBy renders a resolved order. Ties are broken by id ascending.
// Examples: "f_12 DESC, id ASC", "id ASC", "random()".
func OrderBy(d Dialect, t Target, o kopernik.Order) string {
	dir := " ASC"
	if o.Desc {
		dir = " DESC"
	}
	id := t.column("id")
	switch o.By {
	case kopernik.OrderRandom:
		return d.Random()
	case kopernik.OrderModified:
		return t.column("modified") + dir + ", " + id + " ASC"
	case kopernik.OrderField:
		if _, ok := kindOf(o.Field); ok {
			return d.OrderExpr(t.columnOf(kopernik.Column{Field: o.Field})) + dir + ", " + id + " ASC"
		}
	}
	return id + dir
}

// Uses reports what an expression reads: the fields it compares, and whether
// it reads anything besides fields and id (code, modified, interests). The
// storage layer uses it to check the fields against its catalog and to tell
// whether an index holds every column a filter tests.
func Uses(e kopernik.Expr) (fields []*kopernik.Field, other bool) {
	var walk func(kopernik.Expr)
	walk = func(e kopernik.Expr) {
		switch x := e.(type) {
		case kopernik.And:
			for _, p := range x {
				walk(p)
			}
		case kopernik.Or:
			for _, p := range x {
				walk(p)
			}
		case kopernik.Not:
			walk(x.X)
		case kopernik.Cmp:
			switch x.Col.Fixed {
			case kopernik.ColField:
				fields = append(fields, x.Col.Field)
			case kopernik.ColID:
			default:
				other = true
			}
		case kopernik.Const, nil:
		default:
			other = true
		}
	}
	walk(e)
	return fields, other
}
