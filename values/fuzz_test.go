package values

import (
	"math"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
)

var (
	dateOut     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	datetimeOut = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$`)
)

// FuzzNormalize checks that no input makes Normalize panic and that every
// output has its type's stored form. The seeds run under plain go test.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", " ", "value", "  3 ", "2.99", "-2.99", "12abc", "1e3", "1e999", "0x1A",
		"99999999999999999999", "true", "aa", "a", "t", "j", "z", "utc",
		"2020-01-02 03:04:05", "  2020-01-02t03:04:05  ", "2020-01-02t03:04:05.987654",
		"2020-01-02 03:4", "2020-2", "2020-01-02 03:", "2020-01-02 03:04 02:00",
		"2020-01-02tz03:04", "2020 2", "1900-01-001 00:00", "0000-00-00 23:59:59",
		"0000-00-01 00:00", "@1577934245", "@-99999999999999999999", "@1.5",
		"2020-01-02 03:04:05z", "2020-01-02 03:04:05utc", "2020-01-02 03:04:05+03:00",
		"1959", "1960", "2400", "now", "yesterday", "today", "tomorrow noon",
		"+1 day", "-99999999999999999999 years", "999999999999 fortnights ago",
		"next monday", "last sunday", "Jan 2nd, 2020 3:04 PM", "Thu, 02 Jan 2020 03:04:05 +0000",
		"2020-01-02 03:04:05 Europe/Amsterdam", "2020-01-02 ../../etc/passwd", "a/b",
		"2020-02-30", "-0001-01-01", "9999-12-31 23:59:59 +1 sec", "1/2/3", "+", "@",
		"value \r\n value\r\n`value", "ü\xff\x00",
	} {
		f.Add(s, int64(0), 0.0, uint8(0), uint8(0), 0)
	}
	for i := range kopernik.FieldTypes {
		for kind := range uint8(7) {
			f.Add("2020-01-02", int64(1959), 2.99, kind, uint8(i), 3)
		}
	}
	f.Add("", int64(math.MinInt64), math.Inf(-1), uint8(1), uint8(2), -1)
	f.Add("", int64(math.MaxInt64), math.NaN(), uint8(2), uint8(4), 0)

	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2024, 1, 15, 10, 20, 30, 0, loc)
	c := Conv{Loc: loc, Now: func() time.Time { return now }}

	f.Fuzz(func(t *testing.T, s string, n int64, x float64, kind, typ uint8, length int) {
		var v any
		switch kind % 7 {
		case 0:
			v = s
		case 1:
			v = n
		case 2:
			v = x
		case 3:
			v = len(s)%2 == 0
		case 4:
			v = nil
		case 5:
			v = list(s)
		case 6:
			v = object("k", s)
		}
		fld := &kopernik.Field{
			Type:   kopernik.FieldTypes[int(typ)%len(kopernik.FieldTypes)],
			Value:  s,
			Length: length,
		}
		got := c.Normalize(fld, v)
		switch ft := fld.Type; {
		case ft.IsInteger():
			if _, err := strconv.ParseInt(got, 10, 64); err != nil {
				t.Errorf("%s %#v: %q is no integer", ft, v, got)
			}
		case ft == kopernik.TypeFloat:
			if _, err := strconv.ParseFloat(got, 64); err != nil {
				t.Errorf("%s %#v: %q is no float", ft, v, got)
			}
		case ft.IsDate():
			re := dateOut
			if ft.HasTime() {
				re = datetimeOut
			}
			if !re.MatchString(got) && !(got == "" && EmptyValue(ft) == "") {
				t.Errorf("%s %#v: %q is not a stored date", ft, v, got)
			}
		case ft == kopernik.TypeSelect:
			if got != "" && pick(fld.Value, got) != got {
				t.Errorf("select %#v: %q is no choice of %q", v, got, fld.Value)
			}
		case ft != kopernik.TypeBig && length > 0:
			if r := []rune(got); len(r) > length {
				t.Errorf("%s %#v: %q is longer than %d", ft, v, got, length)
			}
		}
		// Stored values are valid input and must come back unchanged.
		if again := c.Convert(fld.Type, fld, got); again != got && !zeroReadAsEmpty(fld, got) {
			t.Errorf("%s: %q normalises again to %q", fld.Type, got, again)
		}
		_ = c.Default(fld)
		_ = c.FillForExisting(fld)
		_ = c.NormalizeDefault(fld.Type, v)
		_, _ = Secret(v)
	})
}

// zeroReadAsEmpty excuses the one case where a stored value is not stable: a
// zero date re-read by an empty_ type is empty, by design (B28).
func zeroReadAsEmpty(f *kopernik.Field, got string) bool {
	return got == ZeroDate(f.Type) && EmptyValue(f.Type) == ""
}
