// Package filter turns the `fields` filter of the Copernica REST API
// (conventions.md §8, profiles.md §2, behaviour.md B65–B72) and the
// `orderby`/`order` parameters (conventions.md §9, B73–B75) into SQL.
//
// It is pure: grammar → typed conditions → SQL fragment + bound arguments.
// User text never reaches the SQL text: names are resolved against the
// field list, column names are generated from field IDs only (f_<id>) or are
// one of the fixed columns id, secret and modified, and every value is a bound
// parameter. Engine differences live behind Dialect (SQLite and Postgres).
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
func (o Op) Valid() bool {
	switch o {
	case OpEq, OpNe, OpNe2, OpLt, OpGt, OpLe, OpGe, OpLike, OpNotLike:
		return true
	}
	return false
}

// sql returns the SQL comparison operator; "" for the LIKE operators.
func (o Op) sql() string {
	switch o {
	case OpEq:
		return "="
	case OpNe, OpNe2:
		return "<>"
	case OpLt, OpGt, OpLe, OpGe:
		return string(o)
	}
	return ""
}

// Cond is one parsed condition: name and value exactly as the client wrote
// them (the name is not trimmed on its own, the value is verbatim).
type Cond struct {
	Name  string
	Op    Op
	Value string
}

// MaxLen is the longest element (in bytes, before trimming) Parse accepts.
const MaxLen = 8192

// Errors of Parse. Both carry code EINVALID so the wire layer answers 400.
var (
	ErrTooMany = kopernik.Errorf(kopernik.EINVALID, "Too many conditions in URL parameter fields")
	ErrTooLong = kopernik.Errorf(kopernik.EINVALID, "Condition in URL parameter fields is too long")
)

// phpBlanks are the characters PHP's trim() strips by default.
const phpBlanks = " \t\n\r\x00\x0b"

func isOpChar(c byte) bool {
	return c == '=' || c == '<' || c == '>' || c == '!' || c == '~'
}

// Split splits one element by the grammar of conventions.md §8.2. It reports
// false when no split is possible or the operator is not one of the nine.
func Split(element string) (Cond, bool) {
	s := strings.Trim(element, phpBlanks)
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
			return Cond{}, false
		}
		return c, true
	}
	return Cond{}, false
}

// Parse splits each raw element (see Split). Elements that cannot be split or
// whose operator is not one of the nine are dropped silently. More than max
// usable conditions gives ErrTooMany (max <= 0: no limit); an element longer
// than MaxLen gives ErrTooLong.
func Parse(raw []string, max int) ([]Cond, error) {
	var out []Cond
	for _, e := range raw {
		if len(e) > MaxLen {
			return nil, ErrTooLong
		}
		c, ok := Split(e)
		if !ok {
			continue
		}
		if max > 0 && len(out) >= max {
			return nil, ErrTooMany
		}
		out = append(out, c)
	}
	return out, nil
}
