package imports

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kopernik/kopernik"
)

// The planner's shortcuts must give what values.Conv gives a single write
// (§3.25 "normalised exactly as in 3.3"), including the awkward dates:
// daylight-saving gaps and overlaps in Amsterdam, impossible days, leap days.
func TestP325_ShortcutsAgreeWithSingleWrites(t *testing.T) {
	conv := testConv()
	db := testDB()
	fields := []*kopernik.Field{
		{Type: kopernik.TypeDate}, {Type: kopernik.TypeEmptyDate},
		{Type: kopernik.TypeDatetime}, {Type: kopernik.TypeEmptyDatetime},
		db.Fields[5], // select Gold / Silver*
		{Type: kopernik.TypeSelect, Value: "a \r\n b\r\n\r\nc*"},
	}
	inputs := []any{
		"2024-03-31 02:30:00", "2024-03-31 01:59:59", "2024-03-31 03:00:00", "2024-10-27 02:30:00",
		"1940-05-16", "1940-05-16 00:00:00", "1977-04-03 02:00:00", "1918-04-01 23:30:00",
		"2024-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
		"0999-12-31", "1000-01-01 00:00:00", "9999-12-31 23:59:59", "0000-00-00", "0000-00-00 00:00:00",
		"2024-01-02 24:00:00", "2024-01-02 23:60:00", "2024-01-02 23:59:60", "2024-01-02T03:04:05",
		" 2024-01-02", "2024-01-02 ", "2024-1-02", "+024-01-02", "2024-01-02 03:04", "2024-01-02 03:04:05z",
		"", "now", "Gold", "gold", "Silver", "Silver*", " b", "b", "a", "a ", "c", "", "1",
		true, false, nil, int64(2024), 2.5, []any{}, &kopernik.Map{},
	}
	for _, f := range fields {
		norm := normalizer(conv, f)
		for _, in := range inputs {
			if got, want := norm(in), conv.Normalize(f, in); got != want {
				t.Errorf("%s %q: planner %q, single write %q", f.Type, in, got, want)
			}
		}
	}
}

// Random canonical dates over the whole range the shortcut takes, with the
// hours of the year's transitions overrepresented.
func TestP325_CanonicalDatesAgreeWithSingleWrites(t *testing.T) {
	conv := testConv()
	r := rand.New(rand.NewPCG(1, 2))
	for _, typ := range []kopernik.FieldType{kopernik.TypeDate, kopernik.TypeDatetime, kopernik.TypeEmptyDatetime} {
		f := &kopernik.Field{Type: typ}
		norm := normalizer(conv, f)
		for i := 0; i < 20000; i++ {
			y := 1000 + r.IntN(9000)
			if i%2 == 0 {
				y = 1900 + r.IntN(150)
			}
			m, d, h := 1+r.IntN(12), 1+r.IntN(31), r.IntN(24)
			if i%3 == 0 {
				m, h = []int{3, 4, 5, 9, 10}[r.IntN(5)], r.IntN(4)
			}
			in := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", y, m, d, h, r.IntN(60), r.IntN(60))
			if i%4 == 0 {
				in = in[:10]
			}
			if got, want := norm(in), conv.Normalize(f, in); got != want {
				t.Fatalf("%s %q: planner %q, single write %q", typ, in, got, want)
			}
		}
	}
}

func FuzzPlannerNormalizeAgrees(f *testing.F) {
	for _, s := range []string{"2024-03-31 02:30:00", "1980-05-06", "Gold", "9999-12-31 23:59:59"} {
		f.Add(s)
	}
	conv := testConv()
	fields := []*kopernik.Field{{Type: kopernik.TypeDate}, {Type: kopernik.TypeDatetime}, testDB().Fields[5]}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fd := range fields {
			if got, want := normalizer(conv, fd)(s), conv.Normalize(fd, s); got != want {
				t.Fatalf("%s %q: planner %q, single write %q", fd.Type, s, got, want)
			}
		}
	})
}
