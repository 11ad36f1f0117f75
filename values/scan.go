package values

import "time"

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

// num reads min to max digits at i. It fails when more digits follow, so that
// a three-digit day is no day at all ("1900-01-001" is not a date, B29).
func (sc *scanner) num(i, min, max int) (v, end int, ok bool) {
	n := 0
	for n < max && isDigit(sc.at(i+n)) {
		v = v*10 + int(sc.s[i+n]-'0')
		n++
	}
	return v, i + n, n >= min && !isDigit(sc.at(i+n))
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
	for i < len(sc.s) && indexByte(set, sc.s[i]) {
		i++
	}
	return i
}

func indexByte(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
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
func (sc *scanner) stamp() bool {
	i := sc.p + 1
	neg := sc.at(i) == '-'
	if neg || sc.at(i) == '+' {
		i++
	}
	start := i
	n, i := sc.readCount(start)
	if i == start {
		return false
	}
	if sc.at(i) == '.' && isDigit(sc.at(i+1)) {
		_, i, _ = sc.num(i+1, 1, len(sc.s))
	}
	if neg {
		n = -n
	}
	sc.p = i
	t := &sc.t
	if !t.setDate(1970, 1, 1, true, true) || !t.setTime(0, 0, 0) || !t.setZone(time.UTC) {
		return false
	}
	t.addRel(relS, n)
	return true
}

// isoDate is [±]YYYY-M-D, the form Copernica itself prints.
func (sc *scanner) isoDate() (bool, bool) {
	i, neg := sc.p, false
	if c := sc.at(i); c == '+' || c == '-' {
		neg = c == '-'
		i++
	}
	y, i, ok := sc.num(i, 4, 4)
	if !ok || sc.at(i) != '-' {
		return false, false
	}
	m, i, ok := sc.num(i+1, 1, 2)
	if !ok || m > 12 || sc.at(i) != '-' {
		return false, false
	}
	d, i, ok := sc.num(i+1, 1, 2)
	if !ok || d > 31 {
		return false, false
	}
	if neg {
		y = -y
	}
	sc.p = i
	return true, sc.t.setDate(y, time.Month(m), d, true, true)
}

// yearMonth is YYYY-M, the first of that month ("2020-2", B29).
func (sc *scanner) yearMonth() (bool, bool) {
	y, i, ok := sc.num(sc.p, 4, 4)
	if !ok || sc.at(i) != '-' {
		return false, false
	}
	m, i, ok := sc.num(i+1, 1, 2)
	if !ok || m > 12 || sc.at(i) == '-' {
		return false, false
	}
	sc.p = i
	return true, sc.t.setDate(y, time.Month(m), 1, true, true)
}

// slashDate is YYYY/M/D.
func (sc *scanner) slashDate() (bool, bool) {
	y, i, ok := sc.num(sc.p, 4, 4)
	if !ok || sc.at(i) != '/' {
		return false, false
	}
	m, i, ok := sc.num(i+1, 1, 2)
	if !ok || m > 12 || sc.at(i) != '/' {
		return false, false
	}
	d, i, ok := sc.num(i+1, 1, 2)
	if !ok || d > 31 {
		return false, false
	}
	sc.p = i
	return true, sc.t.setDate(y, time.Month(m), d, true, true)
}

// dayMonthYear is the European D-M-YYYY or D.M.YYYY.
func (sc *scanner) dayMonthYear() (bool, bool) {
	d, i, ok := sc.num(sc.p, 1, 2)
	sep := sc.at(i)
	if !ok || d > 31 || (sep != '-' && sep != '.') {
		return false, false
	}
	m, i, ok := sc.num(i+1, 1, 2)
	if !ok || m > 12 || (sc.at(i) != '-' && sc.at(i) != '.') {
		return false, false
	}
	y, i, ok := sc.num(i+1, 4, 4)
	if !ok {
		return false, false
	}
	sc.p = i
	return true, sc.t.setDate(y, time.Month(m), d, true, true)
}

// american is M/D or M/D/Y, where strtotime reads one or two digit years as
// 1970–2069.
func (sc *scanner) american() (bool, bool) {
	m, i, ok := sc.num(sc.p, 1, 2)
	if !ok || m > 12 || sc.at(i) != '/' {
		return false, false
	}
	d, i, ok := sc.num(i+1, 1, 2)
	if !ok || d > 31 {
		return false, false
	}
	if sc.at(i) != '/' {
		sc.p = i
		return true, sc.t.setDate(0, time.Month(m), d, false, true)
	}
	y, j, ok := sc.num(i+1, 1, 4)
	if !ok {
		return false, false
	}
	if j-(i+1) < 4 && y < 100 {
		y += 1900
		if y < 1970 {
			y += 100
		}
	}
	sc.p = j
	return true, sc.t.setDate(y, time.Month(m), d, true, true)
}

// compactDate is YYYYMMDD; month and day must have two valid digits, which
// keeps longer numbers such as Unix times from passing as dates (B29).
func (sc *scanner) compactDate() (bool, bool) {
	v, i, ok := sc.num(sc.p, 8, 8)
	y, m, d := v/10000, v/100%100, v%100
	if !ok || m < 1 || m > 12 || d < 1 || d > 31 {
		return false, false
	}
	sc.p = i
	return true, sc.t.setDate(y, time.Month(m), d, true, true)
}

// clock is H:M[:S[.fraction]] with an optional am/pm. Single-digit minutes
// count ("03:4", B29); the fraction is dropped as Copernica stores seconds.
func (sc *scanner) clock() (bool, bool) {
	h, i, ok := sc.num(sc.p, 1, 2)
	if !ok || sc.at(i) != ':' {
		return false, false
	}
	m, i, ok := sc.num(i+1, 1, 2)
	if !ok {
		return false, false
	}
	s := 0
	if sc.at(i) == ':' && isDigit(sc.at(i+1)) {
		if s, i, ok = sc.num(i+1, 1, 2); !ok {
			return false, false
		}
		if sc.at(i) == '.' && isDigit(sc.at(i+1)) {
			_, i, _ = sc.num(i+1, 1, len(sc.s))
		}
	}
	if pm, end, found := sc.meridian(i); found {
		if h < 1 || h > 12 {
			return true, false
		}
		h, i = h%12, end
		if pm {
			h += 12
		}
	}
	sc.p = i
	return true, h <= 24 && m <= 59 && s <= 60 && sc.t.setTime(h, m, s)
}

// hourMeridian is an hour with am/pm and no minutes ("3pm").
func (sc *scanner) hourMeridian() (bool, bool) {
	h, i, ok := sc.num(sc.p, 1, 2)
	if !ok {
		return false, false
	}
	pm, end, found := sc.meridian(i)
	if !found {
		return false, false
	}
	sc.p = end
	if h < 1 || h > 12 {
		return true, false
	}
	h %= 12
	if pm {
		h += 12
	}
	return true, sc.t.setTime(h, 0, 0)
}

// meridian reads am, pm, a.m. or p.m., blanks before allowed.
func (sc *scanner) meridian(i int) (pm bool, end int, found bool) {
	i = sc.skip(i, " \t")
	c := sc.at(i)
	if c != 'a' && c != 'p' {
		return false, 0, false
	}
	j := i + 1
	if sc.at(j) == '.' {
		j++
	}
	if sc.at(j) != 'm' {
		return false, 0, false
	}
	j++
	if sc.at(j) == '.' {
		j++
	}
	if isLetter(sc.at(j)) {
		return false, 0, false
	}
	return c == 'p', j, true
}

// dayMonthName is "2 January [2020]", also "2nd jan" and "02-Jan-2020".
func (sc *scanner) dayMonthName() (bool, bool) {
	d, i, ok := sc.num(sc.p, 1, 2)
	if !ok || d > 31 {
		return false, false
	}
	i = sc.ordinal(i)
	w, i := sc.word(sc.skip(i, " \t.-"))
	m, ok := months[w]
	if !ok {
		return false, false
	}
	y, i, hasY := sc.year(i)
	sc.p = i
	return true, sc.t.setDate(y, m, d, hasY, true)
}

// year reads an optional four-digit year after a textual date; a number
// followed by ':' is a time, not a year.
func (sc *scanner) year(i int) (int, int, bool) {
	y, end, ok := sc.num(sc.skip(i, " \t.,-"), 4, 4)
	if !ok || sc.at(end) == ':' {
		return 0, i, false
	}
	return y, end, true
}

// ordinal skips an English ordinal suffix ("1st", "22nd").
func (sc *scanner) ordinal(i int) int {
	w, end := sc.word(i)
	switch w {
	case "st", "nd", "rd", "th":
		return end
	}
	return i
}

// relative is "[±]N unit", as in "+1 day" or "3 weeks" (negated by "ago").
func (sc *scanner) relative() (bool, bool) {
	i, neg := sc.p, false
	if c := sc.at(i); c == '+' || c == '-' {
		neg = c == '-'
		i++
	}
	start := i
	n, i := sc.readCount(start)
	if i == start {
		return false, false
	}
	w, end := sc.word(sc.skip(i, " \t"))
	u, ok := units[w]
	if !ok {
		return false, false
	}
	if neg {
		n = -n
	}
	sc.p = end
	sc.t.addRel(u[0], n*int64(u[1]))
	return true, true
}

// fourDigits follows timelib: a number that is a valid HHMM is a time of
// today ("1959" → 19:59), unless a time was already given; anything else is
// a year ("1960") that keeps the current month, day and time (B29).
func (sc *scanner) fourDigits() (bool, bool) {
	v, i, ok := sc.num(sc.p, 4, 4)
	if !ok {
		return false, false
	}
	sc.p = i
	if h, m := v/100, v%100; h <= 24 && m <= 59 && !sc.t.haveTime {
		return true, sc.t.setTime(h, m, 0)
	}
	sc.t.y, sc.t.hasY = v, true
	return true, true
}

// offset is a UTC offset: ±H, ±HH, ±HHMM or ±HH:MM.
func (sc *scanner) offset() (bool, bool) {
	secs, end, ok := sc.readOffset(sc.p)
	if !ok {
		return false, false
	}
	sc.p = end
	return true, sc.t.setZone(time.FixedZone("", secs))
}

func (sc *scanner) readOffset(i int) (secs, end int, ok bool) {
	sign := 1
	switch sc.at(i) {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, 0, false
	}
	v, j, ok := sc.num(i+1, 1, 4)
	if !ok {
		return 0, 0, false
	}
	h, m := v, 0
	switch j - (i + 1) {
	case 1, 2:
		if sc.at(j) == ':' {
			if mm, k, ok := sc.num(j+1, 2, 2); ok {
				m, j = mm, k
			}
		}
	default:
		h, m = v/100, v%100
	}
	if h > 24 || m > 59 {
		return 0, 0, false
	}
	return sign * (h*hour + m*60), j, true
}

// text handles a token that starts with a letter.
func (sc *scanner) text() bool {
	t := &sc.t
	// "2020-01-02t03:04:05": the ISO separator, upper or lower case (B29).
	if sc.at(sc.p) == 't' && isDigit(sc.at(sc.p+1)) {
		sc.p++
		return true
	}
	start := sc.p
	w, end := sc.word(start)
	if c := sc.at(end); c == '/' || c == '_' {
		return sc.zoneName(start)
	}
	sc.p = end
	switch w {
	case "now":
		return true
	case "today", "midnight":
		t.unsetTime()
		return true
	case "noon":
		t.unsetTime()
		return t.setTime(12, 0, 0)
	case "tomorrow":
		t.addRel(relD, 1)
		t.unsetTime()
		return true
	case "yesterday":
		t.addRel(relD, -1)
		t.unsetTime()
		return true
	case "ago":
		for i := range t.rel {
			t.rel[i] = -t.rel[i]
		}
		return true
	case "next", "last", "previous", "this":
		return sc.textRelative(w)
	case "gmt", "utc":
		// "GMT+2" is one offset, not the zone GMT followed by another.
		if secs, end, ok := sc.readOffset(end); ok {
			sc.p = end
			return t.setZone(time.FixedZone("", secs))
		}
	}
	if m, ok := months[w]; ok {
		return sc.monthName(m)
	}
	if wd, ok := weekdays[w]; ok {
		t.hasWeekday, t.weekday, t.weekdayDir = true, wd, 0
		t.unsetTime()
		return true
	}
	if secs, ok := zoneOffsets[w]; ok {
		return t.setZone(time.FixedZone("", secs))
	}
	return false
}

// monthName is "Jan", "Jan 2", "January 2, 2020", "Jan 2nd 2020" or "Jan 2020".
func (sc *scanner) monthName(m time.Month) bool {
	i := sc.skip(sc.p, " \t.-")
	if y, end, ok := sc.num(i, 4, 4); ok && sc.at(end) != ':' {
		sc.p = end
		return sc.t.setDate(y, m, 1, true, true)
	}
	d, end, ok := sc.num(i, 1, 2)
	if !ok || d > 31 || sc.at(end) == ':' {
		// A month alone keeps today's day of the month.
		return sc.t.setDate(0, m, 0, false, false)
	}
	y, end, hasY := sc.year(sc.ordinal(end))
	sc.p = end
	return sc.t.setDate(y, m, d, hasY, true)
}

// textRelative is "next month", "last year", "next monday" and the like.
func (sc *scanner) textRelative(w string) bool {
	n := map[string]int64{"next": 1, "last": -1, "previous": -1, "this": 0}[w]
	u, end := sc.word(sc.skip(sc.p, " \t"))
	sc.p = end
	if unit, ok := units[u]; ok {
		sc.t.addRel(unit[0], n*int64(unit[1]))
		return true
	}
	if wd, ok := weekdays[u]; ok {
		sc.t.hasWeekday, sc.t.weekday, sc.t.weekdayDir = true, wd, int(n)
		sc.t.unsetTime()
		return true
	}
	return false
}

// zoneName is an IANA zone such as Europe/London.
func (sc *scanner) zoneName(start int) bool {
	end := start
	for {
		c := sc.at(end)
		if isLetter(c) || c == '/' || c == '_' || (c == '-' && isLetter(sc.at(end+1))) {
			end++
			continue
		}
		break
	}
	sc.p = end
	name := sc.src[start:end]
	loc, err := time.LoadLocation(name)
	if err != nil {
		if loc, err = time.LoadLocation(titleZone(name)); err != nil {
			return false
		}
	}
	return sc.t.setZone(loc)
}
