// Package sqlitefilter is SQLite's side of the filter compiler: how a
// resolved comparison reads in SQLite's SQL. It is apart from package sqlite
// so that code that compiles filters for tests needs no store.
package sqlitefilter

import (
	"strings"

	"github.com/kopernik/kopernik/filter"
)

// Dialect implements filter.Dialect for the columns package sqlite declares
// (text-like fields COLLATE NOCASE, select and dates binary).
type Dialect struct{}

func (Dialect) Random() string { return "random()" }

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
func (Dialect) Compare(c filter.Column, op string, v any) (string, any) {
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
// NULs marked (see MarkNUL) and carries the same mark: it then matches
// exactly the text PostgreSQL, which stores the mark for a NUL, matches.
func (Dialect) Like(c filter.Column, p filter.Pattern, not bool) (string, any) {
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
		col = MarkNULFunc + "(" + col + ")"
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

func (Dialect) OrderExpr(c filter.Column) string {
	if c.Kind == filter.KindFold {
		return fold(c)
	}
	return c.Name
}

// MarkNULFunc is the SQL name under which package sqlite registers MarkNUL
// on every connection of the store.
const MarkNULFunc = "kopernik_mark_nul"

// nulMark stands for a NUL where SQLite reads text as C strings (LIKE,
// GLOB, replace): U+FFFD, the character PostgreSQL keeps for a NUL.
const nulMark = "\uFFFD"

// MarkNUL replaces every NUL of s by U+FFFD. SQLite's own replace() cannot:
// it takes a search string that starts with a NUL for an empty one.
func MarkNUL(s string) string { return strings.ReplaceAll(s, "\x00", nulMark) }
