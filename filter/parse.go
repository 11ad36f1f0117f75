// Package filter turns the `fields` filter of the Copernica REST API
// (conventions.md §8, profiles.md §2, behaviour.md B65–B72) and the
// `orderby`/`order` parameters (conventions.md §9, B73–B75) into a resolved
// kopernik.Expr and kopernik.Order, and compiles expressions to SQL.
//
// Three steps, each pure: Parse applies the grammar, Resolve matches names
// against the fields of a database or collection and brings every value into
// the form its column is compared in, Compile renders SQL with bound
// arguments. The HTTP layer runs the first two once per request; storage only
// compiles. User text never reaches the SQL text: column names are generated
// from field IDs (f_<id>) or are one of the fixed columns id, secret and
// modified, and every value is a bound parameter. Engine differences live
// behind Dialect, which the engines (sqlite, postgres) implement.
package filter

import (
	"strings"

	"github.com/kopernik/kopernik"
)

// Op is a filter operator as written in a condition.
type Op string

// The nine operators a condition may use (conventions.md §8.2).
const (
	OpEq      Op = "=="
	OpNe      Op = "!="
	OpNe2     Op = "<>" // same as !=
	OpLt      Op = "<"
	OpGt      Op = ">"
	OpLe      Op = "<="
	OpGe      Op = ">="
	OpLike    Op = "=~"
	OpNotLike Op = "!~"
)

// Valid reports whether o is one of the nine operators.
func (o Op) Valid() bool { return o.cmp() != 0 }

// cmp is the operator of the resolved expression; 0 for an invalid one.
func (o Op) cmp() kopernik.CmpOp {
	switch o {
	case OpEq:
		return kopernik.OpEq
	case OpNe, OpNe2:
		return kopernik.OpNe
	case OpLt:
		return kopernik.OpLt
	case OpGt:
		return kopernik.OpGt
	case OpLe:
		return kopernik.OpLe
	case OpGe:
		return kopernik.OpGe
	case OpLike:
		return kopernik.OpLike
	case OpNotLike:
		return kopernik.OpNotLike
	}
	return 0
}

// Cond is one parsed condition: name and value exactly as the client wrote
// them (the name is not trimmed on its own, the value is verbatim).
type Cond struct {
	Name  string
	Op    Op
	Value string
}

// String is the condition as the client wrote it, after trimming.
func (c Cond) String() string { return c.Name + string(c.Op) + c.Value }

// MaxLen is the longest element (in bytes, before trimming) Parse accepts.
const MaxLen = 8192

// Errors of Parse. Both carry code EINVALID so the wire layer answers 400.
var (
	ErrTooMany = kopernik.Errorf(kopernik.EINVALID, "Too many conditions in URL parameter fields")
	ErrTooLong = kopernik.Errorf(kopernik.EINVALID, "Condition in URL parameter fields is too long")
)

// blanks are what is trimmed from a condition: PHP's trim() set without NUL.
// A NUL is data (a stored value may hold one), so `name==alpha%00` compares
// with "alpha\x00" and never quietly with "alpha".
const blanks = " \t\n\r\x0b"

func isOpChar(c byte) bool {
	return c == '=' || c == '<' || c == '>' || c == '!' || c == '~'
}

// Reason says why an element of `fields` does not narrow the result.
type Reason uint8

const (
	NoOperator      Reason = iota + 1 // nothing splits the element into name, operator and value
	UnknownOperator                   // the operator found is not one of the nine
	UnknownField                      // the name is neither a field nor id, code or modified
)

func (r Reason) String() string {
	switch r {
	case UnknownOperator:
		return "unknown operator"
	case UnknownField:
		return "unknown field"
	}
	return "no operator"
}

// Ignored is an element of `fields` that Copernica ignores silently (B50,
// B66): it does not narrow the result. The HTTP layer logs it, and refuses
// the request with Message when asked to be strict.
type Ignored struct {
	Element string // the element after trimming
	Reason  Reason
}

// Message is the error text of a strict refusal.
func (i Ignored) Message() string {
	switch i.Reason {
	case UnknownField:
		return "Unknown field in URL parameter fields: " + i.Element
	case UnknownOperator:
		return "Unknown operator in URL parameter fields: " + i.Element
	}
	return "Invalid condition in URL parameter fields: " + i.Element
}

// split applies the grammar of conventions.md §8.2 to one element.
func split(element string) (Cond, Reason) {
	s := strings.Trim(element, blanks)
	for i := 1; i < len(s); i++ {
		if !isOpChar(s[i]) {
			continue
		}
		j := i + 1
		if j < len(s) && isOpChar(s[j]) {
			j++
		}
		c := Cond{Name: s[:i], Op: Op(s[i:j]), Value: s[j:]}
		if !c.Op.Valid() {
			return Cond{}, UnknownOperator
		}
		return c, 0
	}
	return Cond{}, NoOperator
}

// Split splits one element by the grammar of conventions.md §8.2. It reports
// false when no split is possible or the operator is not one of the nine.
func Split(element string) (Cond, bool) {
	c, why := split(element)
	return c, why == 0
}

// Parse splits each raw element (see Split). Elements that cannot be split or
// whose operator is not one of the nine do not apply; they come back as
// ignored. More than max usable conditions gives ErrTooMany (max <= 0: no
// limit); an element longer than MaxLen gives ErrTooLong.
func Parse(raw []string, max int) ([]Cond, []Ignored, error) {
	var out []Cond
	var ignored []Ignored
	for _, e := range raw {
		if len(e) > MaxLen {
			return nil, nil, ErrTooLong
		}
		c, why := split(e)
		if why != 0 {
			ignored = append(ignored, Ignored{Element: strings.Trim(e, blanks), Reason: why})
			continue
		}
		if max > 0 && len(out) >= max {
			return nil, nil, ErrTooMany
		}
		out = append(out, c)
	}
	return out, ignored, nil
}
