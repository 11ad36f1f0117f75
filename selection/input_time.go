package selection

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

// StampLayout is the one form times are stored and printed in.
const StampLayout = "2006-01-02 15:04:05"

// timeLayouts are the accepted input forms of a fixed time (§4): the
// documented one, a date alone (midnight), and the day-first date of the
// rest-put-condition.md example, each also with minutes only or a 'T'.
var timeLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02",
	"02-01-2006 15:04:05", "02-01-2006 15:04", "02-01-2006",
}

// parseTime reads a fixed time into its stored form; unset values give "".
func parseTime(name string, v any) (string, error) {
	if isUnset(v) {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", invalid(fmtInvalidTime, name)
	}
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		// Wall-clock text in the service zone: parsed as UTC so no zone rule
		// can shift or reject it.
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(StampLayout), nil
		}
	}
	return "", invalid(fmtInvalidTime, name)
}

// units maps the unit words of a mutation (singular or plural, any case).
var units = map[string]kopernik.TimeUnit{
	"second": kopernik.UnitSecond, "minute": kopernik.UnitMinute, "hour": kopernik.UnitHour,
	"day": kopernik.UnitDay, "week": kopernik.UnitWeek, "month": kopernik.UnitMonth, "year": kopernik.UnitYear,
}

func parseUnit(s string) (kopernik.TimeUnit, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if u, ok := units[s]; ok {
		return u, true
	}
	u, ok := units[strings.TrimSuffix(s, "s")]
	return u, ok
}

// parseMutation reads a relative bound (§4, O-7): a JSON array or a string
// holding one, in shape A [sign, count, unit, floorto] (floorto optional) or
// shape B [sign, "Y-M-D", "H:M:S"] (an interval, no flooring). Unset values
// give nil.
func parseMutation(name string, v any) (*kopernik.Mutation, error) {
	if isUnset(v) {
		return nil, nil
	}
	raw, ok := list(v)
	if !ok {
		return nil, invalid(fmtInvalidMut, name)
	}
	items := make([]string, len(raw))
	for i, x := range raw {
		s, ok := reqdata.String(x)
		if !ok {
			return nil, invalid(fmtInvalidMut, name)
		}
		items[i] = strings.TrimSpace(s)
	}
	if len(items) < 2 {
		return nil, invalid(fmtInvalidMut, name)
	}
	m := &kopernik.Mutation{}
	switch strings.ToLower(items[0]) {
	case "plus", "+":
	case "minus", "-":
		m.Minus = true
	default:
		return nil, invalid(fmtInvalidMut, name)
	}
	if len(items) <= 3 && strings.Contains(items[1], "-") {
		if !parseInterval(m, items[1:]) {
			return nil, invalid(fmtInvalidMut, name)
		}
		return m, nil
	}
	if len(items) > 4 {
		return nil, invalid(fmtInvalidMut, name)
	}
	n, err := strconv.ParseInt(items[1], 10, 64)
	if err != nil || n < 0 || n > maxMutationCount {
		return nil, invalid(fmtInvalidMut, name)
	}
	m.Count = n
	if len(items) < 3 {
		return nil, invalid(fmtInvalidMut, name)
	}
	if m.Unit, ok = parseUnit(items[2]); !ok {
		return nil, invalid(fmtInvalidMut, name)
	}
	if len(items) == 4 && items[3] != "" {
		// Flooring to a week has no documented meaning (which weekday?).
		if m.Floor, ok = parseUnit(items[3]); !ok || m.Floor == kopernik.UnitWeek {
			return nil, invalid(fmtInvalidMut, name)
		}
	}
	return m, nil
}

// maxMutationCount keeps shifted times inside years 1–9999 for any now.
const maxMutationCount = 10000 * 366 * 24 * 3600

// parseInterval reads the "Y-M-D" and optional "H:M:S" items of shape B.
func parseInterval(m *kopernik.Mutation, items []string) bool {
	m.Interval = true
	ymd, ok := splitInts(items[0], "-", 3)
	if !ok {
		return false
	}
	m.Years, m.Months, m.Days = ymd[0], ymd[1], ymd[2]
	if len(items) == 2 && items[1] != "" {
		hms, ok := splitInts(items[1], ":", 3)
		if !ok {
			return false
		}
		m.Hours, m.Minutes, m.Seconds = hms[0], hms[1], hms[2]
	}
	return m.Years <= 10000 && m.Months <= 120000 && m.Days <= 3660000 &&
		m.Hours <= 87840000 && m.Minutes <= 5270400000 && m.Seconds <= maxMutationCount
}

func splitInts(s, sep string, n int) ([]int64, bool) {
	parts := strings.Split(s, sep)
	if len(parts) != n {
		return nil, false
	}
	out := make([]int64, n)
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// MutationText renders a mutation as the JSON-array string the API prints
// (§4 output): shape A with its count as text, shape B with a zero-padded
// interval.
func MutationText(m *kopernik.Mutation) string {
	sign := "plus"
	if m.Minus {
		sign = "minus"
	}
	if m.Interval {
		return fmt.Sprintf(`["%s","%04d-%02d-%02d","%02d:%02d:%02d"]`, sign,
			m.Years, m.Months, m.Days, m.Hours, m.Minutes, m.Seconds)
	}
	if m.Floor == "" {
		return fmt.Sprintf(`["%s","%d","%s"]`, sign, m.Count, m.Unit)
	}
	return fmt.Sprintf(`["%s","%d","%s","%s"]`, sign, m.Count, m.Unit, m.Floor)
}

// applyWindow reads the four window properties present in the body.
func applyWindow(w *kopernik.TimeWindow, b body) error {
	var err error
	if v, ok := b.get("before-time"); ok {
		if w.BeforeTime, err = parseTime("before-time", v); err != nil {
			return err
		}
	}
	if v, ok := b.get("after-time"); ok {
		if w.AfterTime, err = parseTime("after-time", v); err != nil {
			return err
		}
	}
	if v, ok := b.get("before-mutation"); ok {
		if w.BeforeMutation, err = parseMutation("before-mutation", v); err != nil {
			return err
		}
	}
	if v, ok := b.get("after-mutation"); ok {
		if w.AfterMutation, err = parseMutation("after-mutation", v); err != nil {
			return err
		}
	}
	return nil
}
