package values

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

// stamp is "@<unix seconds>", a UTC instant; fractions are dropped. timelib

// treats it as 1970-01-01 UTC plus that many seconds, and so does this.

// isoDate is [±]YYYY-M-D, the form Copernica itself prints.

// yearMonth is YYYY-M, the first of that month ("2020-2", B29).

// slashDate is YYYY/M/D.

// dayMonthYear is the European D-M-YYYY or D.M.YYYY.

// american is M/D or M/D/Y, where strtotime reads one or two digit years as

// 1970–2069.

// compactDate is YYYYMMDD; month and day must have two valid digits, which

// keeps longer numbers such as Unix times from passing as dates (B29).

// clock is H:M[:S[.fraction]] with an optional am/pm. Single-digit minutes

// count ("03:4", B29); the fraction is dropped as Copernica stores seconds.

// hourMeridian is an hour with am/pm and no minutes ("3pm").

// meridian reads am, pm, a.m. or p.m., blanks before allowed.

// dayMonthName is "2 January [2020]", also "2nd jan" and "02-Jan-2020".

// year reads an optional four-digit year after a textual date; a number

// followed by ':' is a time, not a year.

// ordinal skips an English ordinal suffix ("1st", "22nd").

// relative is "[±]N unit", as in "+1 day" or "3 weeks" (negated by "ago").

// fourDigits follows timelib: a number that is a valid HHMM is a time of

// today ("1959" → 19:59), unless a time was already given; anything else is

// a year ("1960") that keeps the current month, day and time (B29).

// offset is a UTC offset: ±H, ±HH, ±HHMM or ±HH:MM.

// text handles a token that starts with a letter.

// monthName is "Jan", "Jan 2", "January 2, 2020", "Jan 2nd 2020" or "Jan 2020".

// textRelative is "next month", "last year", "next monday" and the like.

// zoneName is an IANA zone such as Europe/London.
