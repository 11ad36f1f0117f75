package selection

import (
	"time"

	"github.com/kopernik/kopernik"
)

// Time windows (§4). Everything is wall-clock time in the service zone, the
// form stored values and bounds are written in; arithmetic runs on that
// wall clock (held in a UTC time.Time) so a zone's DST shifts cannot move a
// bound off the calendar day the user meant, and a bound compares with
// stored text as SQL will: as canonical text.

// wallClock is now's wall-clock reading in its own zone.
func wallClock(now time.Time) time.Time {
	y, m, d := now.Date()
	h, mi, s := now.Clock()
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// addMonths moves t by n months, keeping the day but clamping it to the
// last day of the target month (31 March − 1 month = 28/29 February).
func addMonths(t time.Time, n int64) time.Time {
	y, m, d := t.Date()
	total := int64(y)*12 + int64(m-1) + n
	ny, nm := int(total/12), time.Month(total%12+1)
	if total < 0 {
		return time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC) // out of range; callers drop it
	}
	last := time.Date(ny, nm+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d > last {
		d = last
	}
	h, mi, s := t.Clock()
	return time.Date(ny, nm, d, h, mi, s, 0, time.UTC)
}

// shift moves t by n units (n may be negative).
func shift(t time.Time, u kopernik.TimeUnit, n int64) time.Time {
	switch u {
	case kopernik.UnitSecond:
		return t.Add(time.Duration(n) * time.Second)
	case kopernik.UnitMinute:
		return t.Add(time.Duration(n) * time.Minute)
	case kopernik.UnitHour:
		return t.Add(time.Duration(n) * time.Hour)
	case kopernik.UnitDay:
		return t.AddDate(0, 0, int(n))
	case kopernik.UnitWeek:
		return t.AddDate(0, 0, 7*int(n))
	case kopernik.UnitMonth:
		return addMonths(t, n)
	case kopernik.UnitYear:
		return addMonths(t, 12*n)
	}
	return t
}

// floor truncates t to the start of unit u ("" or second: unchanged).
func floor(t time.Time, u kopernik.TimeUnit) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	switch u {
	case kopernik.UnitMinute:
		s = 0
	case kopernik.UnitHour:
		mi, s = 0, 0
	case kopernik.UnitDay:
		h, mi, s = 0, 0, 0
	case kopernik.UnitMonth:
		d, h, mi, s = 1, 0, 0, 0
	case kopernik.UnitYear:
		m, d, h, mi, s = 1, 1, 0, 0, 0
	}
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// point is the moment a mutation names relative to the wall-clock now, and
// the granularity at which a bound on it is inclusive (O-9).
func point(m *kopernik.Mutation, now time.Time) (time.Time, kopernik.TimeUnit) {
	sign := int64(1)
	if m.Minus {
		sign = -1
	}
	if m.Interval {
		t := addMonths(now, sign*(12*m.Years+m.Months))
		t = t.AddDate(0, 0, int(sign*m.Days))
		d := time.Duration(m.Hours)*time.Hour + time.Duration(m.Minutes)*time.Minute + time.Duration(m.Seconds)*time.Second
		return t.Add(time.Duration(sign) * d), kopernik.UnitSecond
	}
	g := m.Floor
	if g == "" {
		g = kopernik.UnitSecond
	}
	return floor(shift(now, m.Unit, sign*m.Count), m.Floor), g
}

// Bounds is a window resolved against a build's now: a value t is inside
// when Lo <= t < Hi (texts in StampLayout), a missing side unbounded.
type Bounds struct {
	Lo, Hi       string
	HasLo, HasHi bool
	// HiIncl is the inclusive upper bound itself (Hi is one granularity
	// unit later); ignoreyear needs it to detect a window across New Year.
	HiIncl string
}

// inRange reports a time usable as canonical text (years 1–9999).
func inRange(t time.Time) bool { return t.Year() >= 1 && t.Year() <= 9999 }

// Resolve computes the bounds of w at now (any zone: its wall clock is
// used). A mutation overrides the fixed time on its own side (O-8); both
// bounds are inclusive at their own granularity (O-9). A bound outside
// years 1–9999 bounds nothing.
func Resolve(w kopernik.TimeWindow, now time.Time) Bounds {
	wall := wallClock(now)
	var b Bounds
	switch {
	case w.AfterMutation != nil:
		if p, _ := point(w.AfterMutation, wall); inRange(p) {
			b.Lo, b.HasLo = p.Format(StampLayout), true
		}
	case w.AfterTime != "":
		b.Lo, b.HasLo = w.AfterTime, true
	}
	var hi time.Time
	gran := kopernik.UnitSecond
	switch {
	case w.BeforeMutation != nil:
		hi, gran = point(w.BeforeMutation, wall)
	case w.BeforeTime != "":
		t, err := time.Parse(StampLayout, w.BeforeTime)
		if err != nil {
			return b
		}
		hi = t
	default:
		return b
	}
	if excl := shift(hi, gran, 1); inRange(hi) && inRange(excl) {
		b.Hi, b.HiIncl, b.HasHi = excl.Format(StampLayout), hi.Format(StampLayout), true
	}
	return b
}

// Contains reports whether the canonical time text t lies in the window.
func (b Bounds) Contains(t string) bool {
	return (!b.HasLo || t >= b.Lo) && (!b.HasHi || t < b.Hi)
}

// ContainsIgnoringYear compares only the "MM-DD HH:MM:SS" part (§5.3): a
// lower part above the upper part makes the window wrap around New Year;
// an upper bound whose next unit falls in the next year ends at the end
// of the year. No special handling of 29 February.
func (b Bounds) ContainsIgnoringYear(t string) bool {
	v := t[5:]
	lo, hi := "", "\xff"
	if b.HasLo {
		lo = b.Lo[5:]
	}
	if b.HasHi && b.Hi[:4] == b.HiIncl[:4] {
		hi = b.Hi[5:]
	}
	if b.HasLo && b.HasHi && lo > b.HiIncl[5:] {
		return v >= lo || v < hi
	}
	return v >= lo && v < hi
}

// dateValue is a stored date or datetime as canonical datetime text; ok is
// false for an empty or zero date, which no window contains (§5.3).
func dateValue(s string) (string, bool) {
	if len(s) != 10 && len(s) != 19 || s[:4] == "0000" {
		return "", false
	}
	return asDatetime(s), true
}
