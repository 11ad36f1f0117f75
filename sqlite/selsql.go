package sqlite

// The selection build's side of the dialect (sqlstore.Dialect). SQLite's
// lower() folds ASCII only and its functions' results compare in BINARY
// order, which is NOCASE once both sides are folded.

func (Dialect) Fold(expr string) string         { return "lower(CAST(" + expr + " AS TEXT))" }
func (Dialect) Binary(expr string) string       { return "CAST(" + expr + " AS TEXT) COLLATE BINARY" }
func (Dialect) Instr(hay, needle string) string { return "instr(" + hay + ", " + needle + ")" }

func (Dialect) BuildSetupSQL() string               { return "" }
func (Dialect) AnalyzeTableSQL(table string) string { return "" }
func (Dialect) DiffJoinsSQL(on bool) string         { return "" }
