package kopernik

// Expr is a condition over the profiles of one database or the subprofiles of
// one collection, resolved against a catalog snapshot: every name is already a
// field or a fixed column, every value is already in the form the column is
// compared in. The `fields[]` filter, selection rules and export filters all
// become an Expr; storage compiles it to SQL, and the writer can evaluate it
// against one row. Nothing in an Expr is SQL text.
type Expr interface{ isExpr() }

// And holds when every part holds; an empty And holds.
type And []Expr

// Or holds when some part holds; an empty Or does not hold.
type Or []Expr

// Not holds when X does not hold.
type Not struct{ X Expr }

// Const is a condition that always (true) or never (false) holds.
type Const bool

// FixedColumn names a column every entity has besides its fields.
type FixedColumn uint8

const (
	ColField    FixedColumn = iota // the column of Column.Field
	ColID                          // the entity ID (compared as a number)
	ColSecret                      // the secret, filtered as `code` (text, case-insensitive)
	ColModified                    // the modified timestamp (compared as a datetime)
)

// Column is what a comparison tests: a field of the owner, or a fixed column.
type Column struct {
	Field *Field // set when Fixed is ColField
	Fixed FixedColumn
}

// CmpOp is a comparison operator of the `fields[]` grammar.
type CmpOp uint8

const (
	OpEq      CmpOp = iota + 1 // ==
	OpNe                       // != and <>
	OpLt                       // <
	OpGt                       // >
	OpLe                       // <=
	OpGe                       // >=
	OpLike                     // =~ : % any run, _ one character, backslash escapes
	OpNotLike                  // !~
)

// Cmp compares a column with a value. Value is in the column's comparison
// form: normalised like an input value for numeric and date columns (so
// `ANumber==abc` carries "0"), verbatim for text; for OpLike and OpNotLike it
// is the pattern, trimmed for numeric and date columns.
type Cmp struct {
	Col   Column
	Op    CmpOp
	Value string
}

// HasInterest holds for a profile that has the interest switched on.
type HasInterest struct{ ID int64 }

func (And) isExpr()         {}
func (Or) isExpr()          {}
func (Not) isExpr()         {}
func (Const) isExpr()       {}
func (Cmp) isExpr()         {}
func (HasInterest) isExpr() {}

// OrderBy says what a list is sorted on.
type OrderBy uint8

const (
	OrderID       OrderBy = iota // the default; also for unknown orderby values (B75)
	OrderModified                // the modified timestamp
	OrderRandom                  // a fresh permutation per request (O30)
	OrderField                   // Order.Field
)

// Order is a resolved orderby/order pair. Ties are broken by ascending ID.
type Order struct {
	By    OrderBy
	Field *Field // set when By is OrderField
	Desc  bool
}
