package sqlite

import (
	"database/sql"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// DriverName is the database/sql driver the store opens: SQLite with the
// functions the filter compiler needs registered on every connection.
const DriverName = "sqlite3_kopernik"

// markNULFunc is the SQL name of markNUL.
const markNULFunc = "kopernik_mark_nul"

// nulMark stands for a NUL where SQLite reads text as C strings (LIKE,
// GLOB, replace): U+FFFD, the character PostgreSQL keeps for a NUL.
const nulMark = "\uFFFD"

// markNUL replaces every NUL of s by nulMark. SQLite's own replace() cannot:
// it takes a search string that starts with a NUL for an empty one.
func markNUL(s string) string { return strings.ReplaceAll(s, "\x00", nulMark) }

func init() {
	sql.Register(DriverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			return c.RegisterFunc(markNULFunc, markNUL, true)
		},
	})
}
