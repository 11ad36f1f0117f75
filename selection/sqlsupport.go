package selection

import (
	"regexp"
	"sync"
	"time"

	"github.com/kopernik/kopernik"
)

// What the SQL builds of package sqlstore share with the reference
// algorithm: the same comparison modes, operands, windows and predicates,
// so a build in SQL and the oracle cannot drift apart on a rule they both
// read from here. The SQLite engine registers the predicates as SQL
// functions; PostgreSQL has SQL equivalents (its migration 00003).

// CompareMode is how a Field condition compares (see fieldMode).
type CompareMode = mode

const (
	CompareFold  = modeFold
	CompareExact = modeExact
	CompareInt   = modeInt
	CompareFloat = modeFloat
	CompareDate  = modeDate
)

// FieldCompareMode is the comparison of a Field condition on f (against
// other when set).
func FieldCompareMode(f, other *kopernik.Field, numeric bool) CompareMode {
	return fieldMode(f, other, numeric)
}

// FieldOperand is a Field condition's value in its comparison form.
func FieldOperand(f *kopernik.Field, m CompareMode, raw string, loc *time.Location) string {
	return constOperand(f, m, raw, loc)
}

// IsEmail, IsNumeric: the Field predicates of §5.1.
func IsEmail(s string) bool   { return isEmail(s) }
func IsNumeric(s string) bool { return isNumeric(s) }

var regexps sync.Map // pattern → *regexp.Regexp or nil (invalid)

// RegexpMatch is the regexp comparison of §5.1 (RE2, unanchored,
// case-insensitive); an invalid pattern matches nothing.
func RegexpMatch(pattern, s string) bool {
	v, ok := regexps.Load(pattern)
	if !ok {
		re, err := regexp.Compile(regexpFlags + pattern)
		if err != nil {
			re = nil
		}
		v, _ = regexps.LoadOrStore(pattern, re)
	}
	re := v.(*regexp.Regexp)
	return re != nil && re.MatchString(s)
}

// ValidRegexp reports a pattern RegexpMatch can use.
func ValidRegexp(pattern string) bool {
	_, err := regexp.Compile(regexpFlags + pattern)
	return err == nil
}

// EmptyHistory is the constant answer of a condition on data the server
// does not keep (O-18), and of Export without an export log (§5.9).
func EmptyHistory(p kopernik.ConditionProps) bool {
	if x, ok := p.(*kopernik.ExportCondition); ok {
		return x.IncludeNever
	}
	return emptyHistory(p)
}

// YearlessWindow is ContainsIgnoringYear as separate parts: a value's
// "MM-DD HH:MM:SS" part v is inside when (v >= Lo or !HasLo) joined with
// (v < Hi or !HasHi) by OR when Wrap, else by AND.
type YearlessWindow struct {
	Lo, Hi       string
	HasLo, HasHi bool
	Wrap         bool
}

// IgnoringYear splits b for a comparison without the year (§5.3).
func (b Bounds) IgnoringYear() YearlessWindow {
	var w YearlessWindow
	if b.HasLo {
		w.Lo, w.HasLo = b.Lo[5:], true
	}
	if b.HasHi && b.Hi[:4] == b.HiIncl[:4] {
		w.Hi, w.HasHi = b.Hi[5:], true
	}
	w.Wrap = b.HasLo && b.HasHi && w.Lo > b.HiIncl[5:]
	return w
}

// GroupTrim are the characters a DoubleField grouping trims off a value.
const GroupTrim = trimBlanks
