package values

import "strings"

// scanner walks the lower-cased text one token at a time; every token either
// fits one of the forms below or the whole text is not a date, as with PHP.
type scanner struct {
	src string // the text as given
	s   string // src with ASCII letters lower-cased, same offsets
	p   int
	t   parsed
}

func (sc *scanner) at(i int) byte {
	if i >= 0 && i < len(sc.s) {
		return sc.s[i]
	}
	return 0
}

// num reads lo to hi digits at i. It fails when more digits follow, so that
// a three-digit day is no day at all ("1900-01-001" is not a date, B29).
func (sc *scanner) num(i, lo, hi int) (v, end int, ok bool) {
	n := 0
	for n < hi && isDigit(sc.at(i+n)) {
		v = v*10 + int(sc.s[i+n]-'0')
		n++
	}
	return v, i + n, n >= lo && !isDigit(sc.at(i+n))
}

// word reads the run of letters at i.
func (sc *scanner) word(i int) (string, int) {
	j := i
	for isLetter(sc.at(j)) {
		j++
	}
	return sc.s[i:j], j
}

func (sc *scanner) skip(i int, set string) int {
	for i < len(sc.s) && strings.IndexByte(set, sc.s[i]) >= 0 {
		i++
	}
	return i
}

func (sc *scanner) token() bool {
	switch c := sc.at(sc.p); {
	case c == '@':
		return sc.stamp()
	case isDigit(c):
		return sc.first(sc.isoDate, sc.yearMonth, sc.slashDate, sc.dayMonthYear, sc.american,
			sc.compactDate, sc.clock, sc.dayMonthName, sc.hourMeridian, sc.relative, sc.fourDigits)
	case c == '+' || c == '-':
		return sc.first(sc.isoDate, sc.relative, sc.offset)
	case isLetter(c):
		return sc.text()
	}
	return false
}

// form tries to read one token at sc.p. matched says the text has that form;
// ok says it was also acceptable (a second date, for one, is not).
type form func() (matched, ok bool)

func (sc *scanner) first(forms ...form) bool {
	for _, f := range forms {
		if matched, ok := f(); matched {
			return ok
		}
	}
	return false
}

// readCount reads the digits at i, saturating so that neither the unit
// multiplier that follows (weeks, fortnights) nor a sum can overflow.
func (sc *scanner) readCount(i int) (n int64, end int) {
	for isDigit(sc.at(i)) {
		n = min(n*10+int64(sc.s[i]-'0'), 1e15)
		i++
	}
	return n, i
}
