package postgres

// The selection build's side of the dialect (sqlstore.Dialect). lower()
// under the C collation folds ASCII only, as SQLite's NOCASE does; the
// result keeps the C collation, so both sides of a comparison agree.

func (Dialect) Fold(expr string) string   { return `lower(CAST(` + expr + ` AS TEXT) COLLATE "C")` }
func (Dialect) Binary(expr string) string { return `(CAST(` + expr + ` AS TEXT) COLLATE "C")` }
func (Dialect) Instr(hay, needle string) string {
	return "strpos(" + hay + ", " + needle + ")"
}

func (Dialect) BuildSetupSQL() string               { return "SET LOCAL jit = off" }
func (Dialect) AnalyzeTableSQL(table string) string { return "ANALYZE " + table }
