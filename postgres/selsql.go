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

// DiffJoinsSQL: the members a build compares with are often more than the
// statistics know (a build below analyzeAfter changed rows leaves them as
// they were, autovacuum may have sampled the table while the view was
// empty). With an estimate of one member, the planner picks a nested-loop
// anti join that scans every new member for each stored one: a rebuild of
// a view of 426,000 members ran for minutes instead of 2.6 s. A build
// compares whole sets, where hash or merge joins are always the right
// shape, so the statement runs without nested loops; SET LOCAL … DEFAULT
// gives the rest of the writer's transaction the usual planner back.
func (Dialect) DiffJoinsSQL(on bool) string {
	if on {
		return "SET LOCAL enable_nestloop TO DEFAULT"
	}
	return "SET LOCAL enable_nestloop = off"
}
