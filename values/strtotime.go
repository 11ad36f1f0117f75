package values

import "time"

// Indexes into parsed.rel.
const (
	relY = iota
	relM
	relD
	relH
	relI
	relS
)

// relLimit bounds each relative part (years, months, days, hours, minutes,
// seconds) so that time.Date stays far from overflow; anything near them lands
// outside years 0–9999 anyway and becomes the zero date.
var relLimit = [6]int64{1e8, 1e9, 1e11, 1e12, 1e13, 1e13}

// parsed is what PHP's timelib collects while scanning. Fields left unset are
// filled from the clock afterwards: that is why "1959" means today at 19:59
// and "1960" means this day and time in 1960 (B29).
type parsed struct {
	y                int
	m                time.Month
	d                int
	hasY, hasM, hasD bool
	h, i, s          int
	timeSet          bool // h, i, s hold values, written or zeroed by "today" & co.
	haveTime         bool // a clock time was written; a second one is an error
	haveDate         bool // a calendar date was written; a second one is an error
	zone             *time.Location
	rel              [6]int64
	hasWeekday       bool
	weekday          time.Weekday
	weekdayDir       int // 0: that day or later, 1: strictly later, -1: strictly earlier
}

// strtotime reads s like PHP's strtotime for the forms Copernica users send
// (behaviour.md O12): ISO dates and times, day-month-year, month names,
// zones, @unix, relative words and offsets. Anything else is not a date.
func strtotime(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	sc := scanner{src: s, s: asciiLower(s)}
	for {
		for sc.p < len(sc.s) && isSeparator(sc.s[sc.p]) {
			sc.p++
		}
		if sc.p == len(sc.s) {
			break
		}
		if !sc.token() {
			return time.Time{}, false
		}
	}
	return sc.t.resolve(now, loc), true
}

// resolve fills the holes from the clock the way timelib_fill_holes does (the
// wall clock of the service zone, even when the text names another zone) and
// then applies weekday and relative parts, in timelib's order.
func (t *parsed) resolve(now time.Time, loc *time.Location) time.Time {
	n := now.In(loc)
	y, m, d := n.Date()
	h, i, s := n.Clock()
	if t.hasY {
		y = t.y
	}
	if t.hasM {
		m = t.m
	}
	if t.hasD {
		d = t.d
	}
	if t.haveDate && !t.haveTime {
		h, i, s = 0, 0, 0
	} else if t.timeSet {
		h, i, s = t.h, t.i, t.s
	}
	zone := loc
	if t.zone != nil {
		zone = t.zone
	}
	r := time.Date(y, m, d, h, i, s, 0, zone)
	if t.hasWeekday {
		diff := int(t.weekday-r.Weekday()+7) % 7
		switch {
		case t.weekdayDir > 0 && diff == 0:
			diff = 7
		case t.weekdayDir < 0:
			diff -= 7
		}
		r = time.Date(r.Year(), r.Month(), r.Day()+diff, r.Hour(), r.Minute(), r.Second(), 0, zone)
	}
	return time.Date(r.Year()+int(t.rel[relY]), r.Month()+time.Month(t.rel[relM]), r.Day()+int(t.rel[relD]),
		r.Hour()+int(t.rel[relH]), r.Minute()+int(t.rel[relI]), r.Second()+int(t.rel[relS]), 0, zone)
}

func (t *parsed) setDate(y int, m time.Month, d int, hasY, hasD bool) bool {
	if t.haveDate {
		return false
	}
	t.haveDate = true
	if hasY {
		t.y, t.hasY = y, true
	}
	t.m, t.hasM = m, true
	if hasD {
		t.d, t.hasD = d, true
	}
	return true
}

func (t *parsed) setTime(h, i, s int) bool {
	if t.haveTime {
		return false
	}
	t.h, t.i, t.s = h, i, s
	t.haveTime, t.timeSet = true, true
	return true
}

// unsetTime is timelib's TIMELIB_UNHAVE_TIME: words like "yesterday" reset the
// clock to midnight but a later time may still follow ("yesterday 14:00"),
// while an earlier one is lost ("14:00 yesterday" is midnight).
func (t *parsed) unsetTime() {
	t.h, t.i, t.s = 0, 0, 0
	t.haveTime, t.timeSet = false, true
}

func (t *parsed) setZone(z *time.Location) bool {
	if t.zone != nil {
		return false
	}
	t.zone = z
	return true
}

func (t *parsed) addRel(unit int, n int64) {
	t.rel[unit] = max(-relLimit[unit], min(relLimit[unit], t.rel[unit]+n))
}

func asciiLower(s string) string {
	// Byte for byte, so offsets stay valid in the original (zone names need
	// their case for the zoneinfo files).
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isSeparator(c byte) bool { return c == ' ' || c == '\t' || c == ',' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' }
