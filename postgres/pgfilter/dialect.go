// Package pgfilter is PostgreSQL's side of the filter compiler: how a
// resolved comparison reads in PostgreSQL's SQL, and the form of text
// PostgreSQL can hold. It is apart from package postgres so that code that
// compiles filters for tests needs no store.
package pgfilter

import (
	"strings"

	"github.com/kopernik/kopernik/filter"
)

// Dialect implements filter.Dialect for the columns package postgres
// declares (text COLLATE "C", case-insensitive through lower()).
type Dialect struct{}

func (Dialect) Random() string { return "random()" }

// Text is the form of a text value PostgreSQL can hold: text holds neither
// NUL nor invalid UTF-8, and a query binding them fails. Such bytes become
// U+FFFD, in stored values and in filter values alike, so a condition naming
// a stored value still finds it.
func Text(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// foldArg lowers a bound text value with the C collation of the text columns
// (postgres.Dialect.ColumnType), so both sides fold alike: a default-collation
// lower($1) folds non-ASCII letters the C-collated lower(col) keeps, and
// `LastName==École` would then miss a stored "École". The column side stays
// lower(col), the expression its index is built on.
const foldArg = `lower(?::text COLLATE "C")`

func (Dialect) Compare(c filter.Column, op string, v any) (string, any) {
	if s, ok := v.(string); ok {
		v = Text(s)
	}
	switch c.Kind {
	case filter.KindFold:
		return "lower(" + c.Name + ") " + op + " " + foldArg, v
	case filter.KindInteger:
		return c.Name + " " + op + " ?::bigint", v
	case filter.KindFloat:
		return c.Name + " " + op + " ?::float8", v
	}
	return c.Name + " " + op + " ?", v
}

func (Dialect) Like(c filter.Column, p filter.Pattern, not bool) (string, any) {
	neg := ""
	if not {
		neg = "NOT "
	}
	arg := Text(p.Like())
	const esc = ` ESCAPE E'\\'`
	switch c.Kind {
	case filter.KindFold:
		return "lower(" + c.Name + ") " + neg + "LIKE " + foldArg + esc, arg
	case filter.KindInteger, filter.KindFloat:
		return c.Name + "::text " + neg + "LIKE ?" + esc, arg
	}
	return c.Name + " " + neg + "LIKE ?" + esc, arg
}

func (Dialect) OrderExpr(c filter.Column) string {
	if c.Kind == filter.KindFold {
		return "lower(" + c.Name + ")"
	}
	return c.Name
}
