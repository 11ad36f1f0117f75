package selection

import (
	"testing"

	"github.com/kopernik/kopernik"
)

// stubLookups answers membership questions the way the writer's lookups
// will: from stored members, for one entity at a time.
type stubLookups struct {
	inView map[[2]int64]bool
	counts map[[2]int64]int
}

func (s stubLookups) InView(view, profile int64) bool { return s.inView[[2]int64{view, profile}] }
func (s stubLookups) SubprofilesIn(miniview, profile int64) int {
	return s.counts[[2]int64{miniview, profile}]
}

// TestSel_PerEntityConditionsNeedNoData evaluates every per-entity
// condition (Depends == 0) against one entity, with lookups but without
// any data source: what the writer does for the row it writes.
func TestSel_PerEntityConditionsNeedNoData(t *testing.T) {
	b := &defsBuilder{}
	b.view(100, 1, 0, "V").view(101, 1, 0, "W").mini(300, cOrders, "M")
	env := Env{Catalog: testCatalog(), Defs: b.build(), Now: refNow}
	l := stubLookups{inView: map[[2]int64]bool{{101, 7}: true}, counts: map[[2]int64]int{{300, 7}: 2}}
	e := profile(7, map[int64]string{fCity: "Delft", fBirth: "1990-06-15"}, iTennis)
	two := int64(2)
	cases := []struct {
		p    kopernik.ConditionProps
		want bool
	}{
		{field(fCity, kopernik.CmpEquals, "DELFT"), true},
		{with(iTennis), true},
		{&kopernik.DateCondition{Field: fBirth, Window: kopernik.TimeWindow{AfterTime: "1990-01-01 00:00:00"}}, true},
		{&kopernik.ReferViewCondition{View: 101}, true},
		{&kopernik.ReferViewCondition{View: 101, Not: true}, false},
		{&kopernik.ReferViewCondition{View: 100}, false},
		{&kopernik.MiniViewCondition{Miniview: 300, Min: &two}, true},
		{&kopernik.MiniViewCondition{Miniview: 300, Max: new(int64)}, false},
		{&kopernik.MailingCondition{Channel: kopernik.CondEmail, Mode: MailNothing}, true},
	}
	for _, c := range cases {
		if Depends(c.p) != 0 {
			t.Fatalf("%+v is not per-entity", c.p)
		}
		test, err := Prepare(env, kopernik.DatabaseOwner(1), c.p)
		if err != nil {
			t.Fatalf("%+v: %v", c.p, err)
		}
		if got := test.Holds(e, l); got != c.want {
			t.Errorf("%s %+v: %v, want %v", c.p.ConditionType(), c.p, got, c.want)
		}
	}
	// The others refuse to be prepared without their data rather than guess.
	for _, p := range []kopernik.ConditionProps{&kopernik.DoubleFieldCondition{Fields: []int64{fCity}}, &kopernik.ChangeCondition{}, &kopernik.PartCondition{}} {
		if _, err := Prepare(env, kopernik.DatabaseOwner(1), p); kopernik.ErrorCode(err) != kopernik.EINTERNAL {
			t.Errorf("%s prepared without data: %v", p.ConditionType(), err)
		}
	}
}
