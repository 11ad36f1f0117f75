package selection

import (
	"testing"
	"time"

	"github.com/kopernik/kopernik"
)

func mut(minus bool, count int64, unit, floor kopernik.TimeUnit) *kopernik.Mutation {
	return &kopernik.Mutation{Minus: minus, Count: count, Unit: unit, Floor: floor}
}

// dateHolds evaluates a Date condition on one value of field f.
func dateHolds(t *testing.T, f int64, x *kopernik.DateCondition, now time.Time, value string) bool {
	t.Helper()
	x.Field = f
	test, err := Prepare(Env{Catalog: testCatalog(), Defs: NewDefinitions(nil, nil, nil, nil), Now: now}, kopernik.DatabaseOwner(1), x)
	if err != nil {
		t.Fatal(err)
	}
	return test.Holds(profile(1, map[int64]string{f: value}), nil)
}

func TestSel4_BirthdayRecipe(t *testing.T) {
	today := mut(false, 0, kopernik.UnitDay, kopernik.UnitDay)
	x := &kopernik.DateCondition{IgnoreYear: true, Window: kopernik.TimeWindow{AfterMutation: today, BeforeMutation: today}}
	cases := []struct {
		now   string
		field int64
		value string
		want  bool
	}{
		{"2024-06-15 10:00:00", fBirth, "1990-06-15", true},
		{"2024-06-15 10:00:00", fBirth, "2000-06-15", true},
		{"2024-06-15 10:00:00", fBirth, "1990-06-14", false},
		{"2024-06-15 10:00:00", fBirth, "1990-06-16", false},
		{"2024-06-15 00:00:00", fBirth, "1990-06-15", true},
		{"2024-06-15 23:59:59", fBirth, "1990-06-15", true},
		{"2024-06-15 10:00:00", fVisit, "2001-06-15 23:59:59", true},
		{"2024-06-15 10:00:00", fVisit, "2001-06-16 00:00:00", false},
		// On the last day of the year the window's end falls in the next year.
		{"2024-12-31 08:00:00", fBirth, "1980-12-31", true},
		{"2024-12-31 08:00:00", fBirth, "1980-01-01", false},
		{"2025-01-01 08:00:00", fBirth, "1980-01-01", true},
		{"2025-01-01 08:00:00", fBirth, "1980-12-31", false},
		// Empty and zero dates never match (§5.3).
		{"2024-06-15 10:00:00", fBirth, "", false},
		{"2024-06-15 10:00:00", fBirth, "0000-00-00", false},
		{"2024-06-15 10:00:00", fJoined, "", false},
		{"2024-06-15 10:00:00", fVisit, "0000-00-00 00:00:00", false},
	}
	for _, c := range cases {
		if got := dateHolds(t, c.field, x, at(c.now), c.value); got != c.want {
			t.Errorf("now %s, value %q: holds = %v, want %v", c.now, c.value, got, c.want)
		}
	}
}

func TestSel5_3_IgnoreYearWrapsAroundNewYear(t *testing.T) {
	x := &kopernik.DateCondition{IgnoreYear: true, Window: kopernik.TimeWindow{
		AfterMutation:  mut(true, 3, kopernik.UnitDay, kopernik.UnitDay),
		BeforeMutation: mut(false, 3, kopernik.UnitDay, kopernik.UnitDay),
	}}
	now := at("2024-12-30 12:00:00") // window 27 December .. 2 January
	for value, want := range map[string]bool{
		"1970-12-26": false, "1970-12-27": true, "1999-12-31": true, "2010-01-01": true,
		"2010-01-02": true, "2010-01-03": false, "2010-06-15": false,
	} {
		if got := dateHolds(t, fBirth, x, now, value); got != want {
			t.Errorf("%s: holds = %v, want %v", value, got, want)
		}
	}
	// Fixed bounds wrap alike: 20 December to 10 January of any year.
	x = &kopernik.DateCondition{IgnoreYear: true, Window: kopernik.TimeWindow{AfterTime: "2000-12-20 00:00:00", BeforeTime: "2001-01-10 00:00:00"}}
	for value, want := range map[string]bool{"1950-12-25": true, "1950-01-05": true, "1950-01-10": true, "1950-01-11": false, "1950-07-01": false} {
		if got := dateHolds(t, fBirth, x, now, value); got != want {
			t.Errorf("fixed %s: holds = %v, want %v", value, got, want)
		}
	}
	// Only a lower bound: to the end of any year.
	x = &kopernik.DateCondition{IgnoreYear: true, Window: kopernik.TimeWindow{AfterTime: "2000-11-01 00:00:00"}}
	if !dateHolds(t, fBirth, x, now, "1960-12-31") || dateHolds(t, fBirth, x, now, "1960-10-31") {
		t.Error("lower bound only, ignoring the year")
	}
}

func TestSel4_ReactivationRecipe(t *testing.T) {
	yearAgo := mut(true, 1, kopernik.UnitYear, kopernik.UnitDay)
	x := &kopernik.DateCondition{Window: kopernik.TimeWindow{AfterMutation: yearAgo, BeforeMutation: yearAgo}}
	now := at("2024-06-15 10:00:00")
	for value, want := range map[string]bool{
		"2023-06-15 00:00:00": true, "2023-06-15 23:59:59": true,
		"2023-06-14 23:59:59": false, "2023-06-16 00:00:00": false, "2024-06-15 10:00:00": false,
	} {
		if got := dateHolds(t, fVisit, x, now, value); got != want {
			t.Errorf("%s: holds = %v, want %v", value, got, want)
		}
	}
}

func TestSel4_FixedBoundsInclusiveToTheSecond(t *testing.T) {
	x := &kopernik.DateCondition{Window: kopernik.TimeWindow{AfterTime: "2024-01-01 08:00:00", BeforeTime: "2024-01-01 17:00:00"}}
	now := at("2030-01-01 00:00:00")
	for value, want := range map[string]bool{
		"2024-01-01 07:59:59": false, "2024-01-01 08:00:00": true, "2024-01-01 17:00:00": true, "2024-01-01 17:00:01": false,
	} {
		if got := dateHolds(t, fVisit, x, now, value); got != want {
			t.Errorf("%s: holds = %v, want %v", value, got, want)
		}
	}
	// A date field counts as midnight of its day.
	x = &kopernik.DateCondition{Window: kopernik.TimeWindow{BeforeTime: "2024-01-01 00:00:00"}}
	if !dateHolds(t, fBirth, x, now, "2024-01-01") || dateHolds(t, fBirth, x, now, "2024-01-02") {
		t.Error("date field against a midnight bound")
	}
}

func TestSel4_MutationOverridesOnlyItsOwnSide(t *testing.T) {
	w := kopernik.TimeWindow{AfterTime: "2000-01-01 00:00:00", AfterMutation: mut(true, 10, kopernik.UnitDay, kopernik.UnitDay), BeforeTime: "2024-06-10 00:00:00"}
	b := Resolve(w, at("2024-06-15 10:00:00"))
	want := Bounds{Lo: "2024-06-05 00:00:00", HasLo: true, Hi: "2024-06-10 00:00:01", HiIncl: "2024-06-10 00:00:00", HasHi: true}
	if b != want {
		t.Fatalf("got %+v, want %+v", b, want)
	}
}

func TestSel4_Arithmetic(t *testing.T) {
	cases := []struct {
		now  string
		m    *kopernik.Mutation
		want string // the lower bound
	}{
		{"2024-03-31 12:00:00", mut(true, 1, kopernik.UnitMonth, kopernik.UnitDay), "2024-02-29 00:00:00"},
		{"2023-03-31 12:00:00", mut(true, 1, kopernik.UnitMonth, ""), "2023-02-28 12:00:00"},
		{"2024-02-29 12:00:00", mut(true, 1, kopernik.UnitYear, ""), "2023-02-28 12:00:00"},
		{"2024-01-31 12:00:00", mut(false, 13, kopernik.UnitMonth, kopernik.UnitMonth), "2025-02-01 00:00:00"},
		{"2024-06-15 10:20:30", mut(true, 2, kopernik.UnitWeek, kopernik.UnitYear), "2024-01-01 00:00:00"},
		{"2024-06-15 10:20:30", mut(false, 90, kopernik.UnitMinute, kopernik.UnitHour), "2024-06-15 11:00:00"},
		{"2024-06-15 10:20:30", mut(false, 45, kopernik.UnitSecond, kopernik.UnitMinute), "2024-06-15 10:21:00"},
		// Arithmetic runs on the wall clock: twelve hours before noon on the
		// day DST starts is midnight, as the calendar says.
		{"2024-03-31 12:00:00", mut(true, 12, kopernik.UnitHour, ""), "2024-03-31 00:00:00"},
		// Shape B: an interval to the second, not a date.
		{"2024-06-15 10:00:00", &kopernik.Mutation{Minus: true, Interval: true, Years: 1, Hours: 12}, "2023-06-14 22:00:00"},
		{"2024-03-31 10:00:00", &kopernik.Mutation{Minus: true, Interval: true, Months: 1, Days: 1}, "2024-02-28 10:00:00"},
	}
	for _, c := range cases {
		b := Resolve(kopernik.TimeWindow{AfterMutation: c.m}, at(c.now))
		if !b.HasLo || b.Lo != c.want || b.HasHi {
			t.Errorf("%s %s: got %+v, want lower bound %s", c.now, MutationText(c.m), b, c.want)
		}
	}
	// Granularity of the upper bound is the floor unit (a month here).
	b := Resolve(kopernik.TimeWindow{BeforeMutation: mut(true, 1, kopernik.UnitMonth, kopernik.UnitMonth)}, at("2024-06-15 10:00:00"))
	if b.Hi != "2024-06-01 00:00:00" || b.HiIncl != "2024-05-01 00:00:00" {
		t.Errorf("month granularity: %+v", b)
	}
	// A bound beyond year 9999 or before year 1 bounds nothing.
	b = Resolve(kopernik.TimeWindow{AfterMutation: mut(true, 3000, kopernik.UnitYear, ""), BeforeMutation: mut(false, 8000, kopernik.UnitYear, "")}, at("2024-06-15 10:00:00"))
	if b.HasLo || b.HasHi {
		t.Errorf("out of range bounds kept: %+v", b)
	}
}

func TestSel3_6_ServiceTimeZone(t *testing.T) {
	today := mut(false, 0, kopernik.UnitDay, kopernik.UnitDay)
	x := &kopernik.DateCondition{IgnoreYear: true, Window: kopernik.TimeWindow{AfterMutation: today, BeforeMutation: today}}
	// 00:30 on 15 June in Amsterdam is still 14 June in UTC: the window
	// follows the zone of now, which the server sets to its service zone.
	now := at("2024-06-15 00:30:00")
	if !dateHolds(t, fBirth, x, now, "1990-06-15") {
		t.Error("birthday on the service zone's date not selected")
	}
	if !dateHolds(t, fBirth, x, now.UTC(), "1990-06-14") {
		t.Error("the zone of now is not the one used")
	}
}
