package values

import (
	"strings"
	"time"
)

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

// titleZone guesses the case of an IANA name typed in lower case
// ("europe/amsterdam" → "Europe/Amsterdam"), as timelib matches them
// case-insensitively but the zoneinfo files are not.
func titleZone(s string) string {
	b := []byte(strings.ToLower(s))
	for i := range b {
		if i == 0 || b[i-1] == '/' || b[i-1] == '_' || b[i-1] == '-' {
			if isLetter(b[i]) {
				b[i] -= 'a' - 'A'
			}
		}
	}
	return string(b)
}
