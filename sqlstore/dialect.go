// Package sqlstore holds the SQL that both engines share: the catalog, the
// per-database and per-collection tables, tokens, and the group-commit writer.
// What differs between SQLite and PostgreSQL goes through the narrow Dialect seam.
package sqlstore

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
)

// Dialect is the seam between engines: every difference between SQLite and
// PostgreSQL is a method here, implemented in the sqlite and postgres
// packages, and nothing else asks which engine it runs on. It grows only when
// a second engine forces a difference.
type Dialect interface {
	// NumberedPlaceholders reports whether queries need $n instead of ?.
	NumberedPlaceholders() bool
	// Filter is the engine's side of the filter compiler.
	Filter() filter.Dialect
	// Text is the form of a text value the engine can hold. No value may
	// cause an error (B30), and the filter compares with what Text stores.
	Text(s string) string
	// Unlimited is the LIMIT clause that admits every row, for an OFFSET
	// without a limit ("" where OFFSET stands alone).
	Unlimited() string
	// ColumnType is the DDL type (with collation and default) of a field column.
	ColumnType(t kopernik.FieldType) string
	// IndexExpr is the indexed expression for a field column (PostgreSQL indexes
	// lower(col) for case-insensitive text).
	IndexExpr(t kopernik.FieldType, col string) string
	// IndexCover is how many other indexed fields a field's index also
	// carries (0: an index holds its own field only).
	IndexCover() int
	// IndexInclude reports that the other fields an index carries are
	// INCLUDE columns, not keys; the key's own column is then carried too
	// when the key is an expression.
	IndexInclude() bool
	// IndexNamesSQL lists the names of the indexes of the table given as
	// the one parameter.
	IndexNamesSQL() string
	// AnalyzeIndexSQL refreshes planner statistics after an index is built;
	// "" where the engine does that itself.
	AnalyzeIndexSQL(index string) string
	// IDColumn is the DDL of an entity table's primary key that takes IDs from
	// a global sequence (so it is not auto-generated itself).
	IDColumn() string
	// LockSQL is run first in every write transaction: several nodes share a
	// PostgreSQL store, so structure changes take an exclusive lock and data
	// writes a shared one. "" where one process owns the store (SQLite).
	LockSQL(exclusive bool) string
	// LastInsertID reports a driver that returns the id of an INSERT.
	LastInsertID() bool
	// BeginSQL opens a write transaction.
	BeginSQL() string
	// Shared reports a store other processes may change: the catalog version
	// is then checked on every request.
	Shared() bool
	// Prepare reports whether statements may be prepared and kept. A prepared
	// statement outlives a column type change under the same SQL text, which
	// SQLite re-plans transparently and PostgreSQL refuses.
	Prepare() bool
	// OrderedScan is the table clause that makes the engine read a table
	// along index ("rowid" for the table order), or "" where the engine's
	// planner is left to choose.
	OrderedScan(table, index string) string

	// Selection builds (selections_sql.go) compare expressions rather than
	// columns with values:
	// Fold is expr as text folded to lower case the ASCII way, in a
	// byte-order collation, so two folded texts compare like SQLite NOCASE.
	Fold(expr string) string
	// Binary is expr as text in a byte-order collation.
	Binary(expr string) string
	// Instr is the 1-based position of needle in hay, 0 when absent (1 for
	// an empty needle).
	Instr(hay, needle string) string
	// BuildSetupSQL runs before a selection build in its transaction ("":
	// nothing); PostgreSQL turns JIT compilation off, which costs more than
	// it saves on these one-off statements.
	BuildSetupSQL() string
	// AnalyzeTableSQL refreshes the planner statistics of a member table
	// after a large build ("": the engine needs none).
	AnalyzeTableSQL(table string) string
	// DiffJoinsSQL turns nested-loop joins off (on=false) and back on for
	// the statement that changes a view's members by difference ("": the
	// engine does not build by difference).
	DiffJoinsSQL(on bool) string
}

// Rebind turns ? placeholders into $1, $2 … when the dialect needs it. Queries
// are written by us, never from user text, so a literal ? never occurs in them.
func Rebind(d Dialect, q string) string {
	if !d.NumberedPlaceholders() || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Table and column names are generated from numeric IDs only: user-given names
// never reach SQL.
func profileTable(dbID int64) string     { return "p_" + strconv.FormatInt(dbID, 10) }
func subprofileTable(colID int64) string { return "s_" + strconv.FormatInt(colID, 10) }
func fieldColumn(id int64) string        { return "f_" + strconv.FormatInt(id, 10) }

// ownerTable is the entity table that holds the values of an owner's fields.
func ownerTable(o kopernik.Owner) string {
	if o.Kind == kopernik.OwnerDatabase {
		return profileTable(o.ID)
	}
	return subprofileTable(o.ID)
}
