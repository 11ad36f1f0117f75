package sqlite

import (
	"strings"

	"github.com/kopernik/kopernik/filter"
)

// filterDialect is SQLite's side of the filter compiler.
type filterDialect struct{}

func (filterDialect) Random() string { return "random()" }

// fold is the expression compared case-insensitively: a column declared
// NOCASE is used bare so its collation and its index apply.
func fold(c filter.Column) string {
	if c.Declared {
		return c.Name
	}
	return c.Name + " COLLATE NOCASE"
}

// Compare: NOCASE stops comparing at a NUL, so a value holding one is
// compared as lower(col) against lower(value) in binary order — what NOCASE
// means (ASCII folding) without the stop. Other values keep the bare column,
// and with it the index.
func (filterDialect) Compare(c filter.Column, op string, v any) (string, any) {
	if c.Kind != filter.KindFold {
		return c.Name + " " + op + " ?", v
	}
	if s, _ := v.(string); strings.IndexByte(s, 0) >= 0 {
		return "lower(" + c.Name + ") " + op + " lower(?)", v
	}
	return fold(c) + " " + op + " ?", v
}

// Like: SQLite's LIKE is ASCII case-insensitive (the case_sensitive_like
// pragma is left off), so it serves KindFold. Everything else uses GLOB,
// which is case-sensitive and can use a BINARY index for a prefix.
//
// Both read text only up to a NUL, in the pattern and in the value. A
// pattern holding a NUL is therefore matched against the column with its
// NULs marked (see markNUL) and carries the same mark: it then matches
// exactly the text PostgreSQL, which stores the mark for a NUL, matches.
func (filterDialect) Like(c filter.Column, p filter.Pattern, not bool) (string, any) {
	neg := ""
	if not {
		neg = "NOT "
	}
	var arg string
	if c.Kind == filter.KindFold {
		arg = p.Like()
	} else {
		arg = p.Glob()
	}
	col := c.Name
	if strings.IndexByte(arg, 0) >= 0 {
		arg = strings.ReplaceAll(arg, "\x00", nulMark)
		col = markNULFunc + "(" + col + ")"
	}
	switch c.Kind {
	case filter.KindFold:
		return col + " " + neg + "LIKE ? ESCAPE '\\'", arg
	case filter.KindInteger:
		return "CAST(" + c.Name + " AS TEXT) " + neg + "GLOB ?", arg
	case filter.KindFloat:
		return "printf('%.14g', " + c.Name + ") " + neg + "GLOB ?", arg
	}
	return col + " " + neg + "GLOB ?", arg
}

func (filterDialect) OrderExpr(c filter.Column) string {
	if c.Kind == filter.KindFold {
		return fold(c)
	}
	return c.Name
}
