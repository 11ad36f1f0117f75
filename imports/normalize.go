package imports

import (
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// normalizer returns the conversion of cells for field f: values.Conv's,
// with two shortcuts for what bulk data is full of and what costs most per
// cell — a select field's choice list parsed once instead of per cell, and
// dates already in canonical form taken as they are once they prove to be
// a real wall-clock time. Anything else goes through Conv.Normalize, and a
// test holds both to the same output.
func normalizer(conv values.Conv, f *kopernik.Field) func(any) string {
	switch {
	case f.Type == kopernik.TypeSelect:
		choices, _ := values.Choices(f.Value)
		set := make(map[string]bool, len(choices))
		for _, c := range choices {
			set[c] = true
		}
		return func(v any) string {
			if s := values.Text(v); set[s] {
				return s
			}
			return ""
		}
	case f.Type.IsDate():
		loc := conv.Loc
		if loc == nil {
			loc = time.UTC
		}
		return func(v any) string {
			if s, ok := v.(string); ok {
				if out, ok := canonicalDate(f.Type, s, loc); ok {
					return out
				}
			}
			return conv.Normalize(f, v)
		}
	}
	return func(v any) string { return conv.Normalize(f, v) }
}

// canonicalDate handles "YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS" for years
// 1000–9999 when that wall-clock time exists in loc: strtotime reads such a
// text as exactly that time, so the output is the text itself (cut to the
// date, or given midnight). A time in a daylight-saving gap, an impossible
// day, or any other shape is left to the full parser.
func canonicalDate(t kopernik.FieldType, s string, loc *time.Location) (string, bool) {
	if len(s) != 10 && len(s) != 19 {
		return "", false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	m, ok2 := num(5, 2)
	d, ok3 := num(8, 2)
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || y < 1000 {
		return "", false
	}
	h, mi, sec := 0, 0, 0
	if len(s) == 19 {
		var ok4, ok5, ok6 bool
		h, ok4 = num(11, 2)
		mi, ok5 = num(14, 2)
		sec, ok6 = num(17, 2)
		if !ok4 || !ok5 || !ok6 || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
			return "", false
		}
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return "", false
	}
	tm := time.Date(y, time.Month(m), d, h, mi, sec, 0, loc)
	if tm.Year() != y || int(tm.Month()) != m || tm.Day() != d || tm.Hour() != h || tm.Minute() != mi || tm.Second() != sec {
		return "", false
	}
	switch {
	case !t.HasTime():
		return s[:10], true
	case len(s) == 19:
		return s, true
	}
	return s + " 00:00:00", true
}
