package values

import "time"

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
