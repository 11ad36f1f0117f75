package selection

import (
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Comparison semantics shared with the `fields[]` filter (conventions.md §8,
// O-10/O11): text-like fields compare case-insensitively with ASCII folding
// (SQLite NOCASE), select fields exactly, numeric fields as numbers
// (non-numeric text is 0), date fields by their canonical text, which sorts
// chronologically.

// mode is how a Field condition compares.
type mode uint8

const (
	modeFold  mode = iota + 1 // text, ASCII case-insensitive
	modeExact                 // text, byte for byte (select)
	modeInt                   // integers
	modeFloat                 // numbers
	modeDate                  // canonical date text
)

// fieldMode picks the comparison of a Field condition: numbers when asked
// for or when the field is numeric (integers when both sides are integer
// fields), else by the field's type.
func fieldMode(f, other *kopernik.Field, numeric bool) mode {
	switch {
	case f.Type.IsInteger() && (other == nil || other.Type.IsInteger()):
		return modeInt
	case numeric || f.Type.IsNumeric():
		return modeFloat
	case f.Type.IsDate():
		return modeDate
	case f.Type == kopernik.TypeSelect:
		return modeExact
	}
	return modeFold
}

// fixedEpochs are two far-apart clocks: a date text that reads the same
// under both does not depend on the clock ("2024-05-01", not "tomorrow").
var fixedEpochs = [2]time.Time{
	time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC),
	time.Date(2017, 9, 28, 19, 48, 51, 0, time.UTC),
}

// dateOperand brings a constant into a date field's stored form, the way a
// `fields[]` filter value is brought (PHP strtotime rules), under a fixed
// clock so that a condition never moves with time.
func dateOperand(f *kopernik.Field, raw string, loc *time.Location) string {
	return values.Conv{Loc: loc, Now: func() time.Time { return fixedEpochs[0] }}.Normalize(f, raw)
}

// fixedDate reports whether raw reads as the same date whatever the clock.
func fixedDate(f *kopernik.Field, raw string, loc *time.Location) bool {
	second := values.Conv{Loc: loc, Now: func() time.Time { return fixedEpochs[1] }}.Normalize(f, raw)
	return dateOperand(f, raw, loc) == second
}

// asDatetime extends a date to midnight so date and datetime texts compare.
func asDatetime(s string) string {
	if len(s) == 10 {
		return s + " 00:00:00"
	}
	return s
}

// foldByte lowers an ASCII capital; every other byte stays (NOCASE).
func foldByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// compareFold orders a and b as SQLite's NOCASE collation does.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := foldByte(a[i]), foldByte(b[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return cmpID(int64(len(a)), int64(len(b)))
}

// containsFold reports whether sub occurs in s, ignoring ASCII case.
func containsFold(s, sub string) bool {
	if len(sub) == 0 {
		return true
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if compareFold(s[i:i+len(sub)], sub) == 0 {
			return true
		}
	}
	return false
}

// foldKey is s with ASCII capitals lowered: equal keys are NOCASE-equal.
func foldKey(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = foldByte(b[j])
			}
			return string(b)
		}
	}
	return s
}

// isNumeric reports text that is a number as a whole (PHP is_numeric):
// blanks around, a sign, digits with an optional fraction, an exponent.
func isNumeric(s string) bool {
	s = strings.Trim(s, " \t\n\r\v\f")
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	i, digits := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isEmail reports a syntactically valid address: a dot-atom local part of
// the characters RFC 5322 allows unquoted, '@', and a domain of at least two
// labels of letters, digits and inner hyphens, the last not all digits.
// Quoted local parts and address literals, legal but never seen in a
// mailing list, are refused.
func isEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at > 64 || len(s)-at-1 > 253 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	for _, atom := range strings.Split(local, ".") {
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			c := atom[i]
			if !isAlnum(c) && !strings.ContainsRune("!#$%&'*+/=?^_`{|}~-", rune(c)) {
				return false
			}
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	top := labels[len(labels)-1]
	return len(top) >= 2 && strings.Trim(top, "0123456789") != ""
}

func isAlnum(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }
