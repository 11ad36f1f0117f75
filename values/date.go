package values

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

const (
	zeroDate     = "0000-00-00"
	zeroDatetime = "0000-00-00 00:00:00"
)

// ZeroDate returns the SQL zero of a date type ("0000-00-00" or
// "0000-00-00 00:00:00"); it is what a year before 0 becomes even in the
// empty_ types (B28 step 4), and "" for any other type.
func ZeroDate(t kopernik.FieldType) string {
	switch {
	case t.HasTime():
		return zeroDatetime
	case t.IsDate():
		return zeroDate
	}
	return ""
}

// EmptyValue returns what a date type stores for an empty or unparsable
// value: the zero date for date and datetime, "" for the empty_ types.
func EmptyValue(t kopernik.FieldType) string {
	if t == kopernik.TypeEmptyDate || t == kopernik.TypeEmptyDatetime {
		return ""
	}
	return ZeroDate(t)
}

// date implements B28: PHP's strtotime in the service zone, printed back in it.
func (c Conv) date(t kopernik.FieldType, v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int64:
		s = strconv.FormatInt(x, 10)
	case int:
		s = strconv.Itoa(x)
	case float64:
		s = FormatFloat(x)
	default: // null, booleans, lists and objects are empty, not "1" or "0"
		return EmptyValue(t)
	}
	s = strings.Trim(s, phpBlanks)
	// Copernica tests the text before parsing, so "0000-00-00 23:59:59" is empty
	// although strtotime would read it as a time on 30 November of year -1.
	if s == "" || strings.HasPrefix(s, zeroDate) {
		return EmptyValue(t)
	}
	loc := c.loc()
	tm, ok := strtotime(s, c.now(), loc)
	if !ok {
		return EmptyValue(t)
	}
	tm = tm.In(loc)
	// MySQL has no dates outside years 0–9999 and stores its zero date instead.
	if y := tm.Year(); y < 0 || y > 9999 {
		return ZeroDate(t)
	}
	if t.HasTime() {
		return tm.Format("2006-01-02 15:04:05")
	}
	return tm.Format("2006-01-02")
}
