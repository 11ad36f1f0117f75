package selection

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
)

// cycleDefs: 100 with nested 101 (and 101's nested 104); 102 refers to 103,
// which refers to 100 in a disabled rule; miniviews 300 → 301 by a MiniView
// minicondition.
func cycleDefs() *Definitions {
	b := &defsBuilder{}
	b.view(100, 1, 0, "A").view(101, 1, 100, "A child").view(104, 1, 101, "A grandchild").
		view(102, 1, 0, "B").view(103, 1, 0, "C").view(105, 1, 0, "D").
		mini(300, cOrders, "M").mini(301, cOrders, "N")
	b.rule(1, kopernik.ViewRef(100), false, false).rule(2, kopernik.ViewRef(101), false, false).
		rule(3, kopernik.ViewRef(102), false, false).rule(4, kopernik.ViewRef(103), false, true).
		rule(5, kopernik.ViewRef(105), false, false).rule(6, kopernik.ViewRef(104), false, false).
		rule(30, kopernik.MiniviewRef(300), false, false).rule(31, kopernik.MiniviewRef(301), false, false)
	b.cond(1, 3, &kopernik.ReferViewCondition{View: 103}).
		cond(2, 4, &kopernik.ReferViewCondition{View: 100}).
		cond(3, 30, &kopernik.MiniViewCondition{Miniview: 301})
	return b.build()
}

func TestSel3_4_CyclesRefused(t *testing.T) {
	defs := cycleDefs()
	refuse := []struct {
		name  string
		owner kopernik.SelectionRef
		body  *kopernik.Map
	}{
		{"a view referring to itself", kopernik.ViewRef(105), mapOf("type", "referview", "refer-view", 105)},
		{"a parent referring to its child", kopernik.ViewRef(100), mapOf("type", "referview", "refer-view", 101)},
		{"an ancestor referring to a grandchild", kopernik.ViewRef(100), mapOf("type", "referview", "refer-view", "A grandchild")},
		{"closing a chain through a disabled rule", kopernik.ViewRef(100), mapOf("type", "referview", "refer-view", 102)},
		{"a mutual pair", kopernik.ViewRef(103), mapOf("type", "referview", "refer-view", 102)},
		{"a miniview counting itself", kopernik.MiniviewRef(300), mapOf("type", "miniview", "mini-view", 300)},
		{"mutual miniviews", kopernik.MiniviewRef(301), mapOf("type", "miniview", "mini-view", 300)},
	}
	for _, c := range refuse {
		sc := Scope{Catalog: testCatalog(), Defs: defs, Owner: c.owner}
		_, err := ParseCondition(sc, c.body)
		if kopernik.ErrorCode(err) != kopernik.EINVALID || err.Error() != MsgCycle {
			t.Errorf("%s: err = %v, want %q", c.name, err, MsgCycle)
		}
	}
	allow := []struct {
		name  string
		owner kopernik.SelectionRef
		body  *kopernik.Map
	}{
		{"a child referring to its parent", kopernik.ViewRef(101), mapOf("type", "referview", "refer-view", 100)},
		{"a grandchild referring to its grandparent", kopernik.ViewRef(104), mapOf("type", "referview", "refer-view", 100)},
		{"an independent view", kopernik.ViewRef(105), mapOf("type", "referview", "refer-view", 102)},
		{"a view counting in a miniview", kopernik.ViewRef(100), mapOf("type", "miniview", "mini-view", 300)},
		{"a second edge along an existing one", kopernik.ViewRef(102), mapOf("type", "referview", "refer-view", 100)},
	}
	for _, c := range allow {
		sc := Scope{Catalog: testCatalog(), Defs: defs, Owner: c.owner}
		if _, err := ParseCondition(sc, c.body); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// Retargeting a condition is checked too.
	sc := Scope{Catalog: testCatalog(), Defs: defs, Owner: kopernik.ViewRef(102)}
	_, err := UpdateCondition(sc, defs.Condition(1).Props, mapOf("refer-view", 102))
	if err == nil || err.Error() != MsgCycle {
		t.Errorf("update to self-reference: %v", err)
	}
}

func TestSel3_4_BuildOrderAndDependents(t *testing.T) {
	defs := cycleDefs()
	order, err := defs.BuildOrder()
	if err != nil {
		t.Fatal(err)
	}
	pos := map[kopernik.SelectionRef]int{}
	for i, r := range order {
		pos[r] = i
	}
	if len(order) != 8 {
		t.Fatalf("order %v misses nodes", order)
	}
	for _, n := range order {
		for _, d := range defs.DependsOn(n) {
			if pos[d] >= pos[n] {
				t.Errorf("%v built before its dependency %v", n, d)
			}
		}
	}
	if got := defs.Dependents(kopernik.ViewRef(100)); !reflect.DeepEqual(got, []kopernik.SelectionRef{kopernik.ViewRef(101), kopernik.ViewRef(103)}) {
		t.Errorf("dependents of 100: %v", got)
	}
	if got := defs.Dependents(kopernik.MiniviewRef(301)); !reflect.DeepEqual(got, []kopernik.SelectionRef{kopernik.MiniviewRef(300)}) {
		t.Errorf("dependents of miniview 301: %v", got)
	}
	// A stored cycle (which input never lets in) is an internal error, not a hang.
	b := &defsBuilder{}
	b.view(1, 1, 0, "x").view(2, 1, 0, "y").rule(1, kopernik.ViewRef(1), false, false).rule(2, kopernik.ViewRef(2), false, false)
	b.cond(1, 1, &kopernik.ReferViewCondition{View: 2}).cond(2, 2, &kopernik.ReferViewCondition{View: 1})
	if _, err := b.build().BuildOrder(); kopernik.ErrorCode(err) != kopernik.EINTERNAL {
		t.Errorf("stored cycle: %v", err)
	}
}

func TestSel3_4_MiniviewViews(t *testing.T) {
	b := &defsBuilder{}
	b.view(100, 1, 0, "A").view(101, 1, 0, "B").view(102, 1, 0, "C").mini(300, cOrders, "M")
	b.rule(1, kopernik.ViewRef(100), false, true).rule(2, kopernik.ViewRef(102), false, false)
	b.cond(1, 1, &kopernik.MiniViewCondition{Miniview: 300}).cond(2, 2, &kopernik.MiniViewCondition{Miniview: 300})
	defs := b.build()
	got := defs.ViewsUsingMiniview(300)
	if len(got) != 2 || got[0].ID != 100 || got[1].ID != 102 {
		t.Fatalf("views using miniview 300: %v", got)
	}
}

func TestSel_Depends(t *testing.T) {
	rel := kopernik.TimeWindow{AfterMutation: mut(true, 1, kopernik.UnitDay, kopernik.UnitDay)}
	fixed := kopernik.TimeWindow{AfterTime: "2024-01-01 00:00:00"}
	cases := []struct {
		p    kopernik.ConditionProps
		want Dep
	}{
		{&kopernik.FieldCondition{}, 0},
		{&kopernik.InterestCondition{}, 0},
		{&kopernik.DateCondition{Window: fixed}, 0},
		{&kopernik.DateCondition{Window: rel}, DepClock},
		{&kopernik.DoubleFieldCondition{}, DepSet},
		{&kopernik.PartCondition{}, DepSet},
		{&kopernik.ReferViewCondition{}, 0},
		{&kopernik.MiniViewCondition{}, 0},
		{&kopernik.ChangeCondition{Window: fixed}, DepJournal},
		{&kopernik.ChangeCondition{Window: rel}, DepJournal | DepClock},
		{&kopernik.ExportCondition{Window: rel}, DepExports | DepClock},
		{&kopernik.MailingCondition{Channel: kopernik.CondEmail, Window: rel}, 0},
		{&kopernik.SurveyCondition{}, 0},
		{&kopernik.ContactCondition{Kind: kopernik.CondToDo, Window: rel}, 0},
	}
	for _, c := range cases {
		if got := Depends(c.p); got != c.want {
			t.Errorf("%s %+v: %b, want %b", c.p.ConditionType(), c.p, got, c.want)
		}
	}
	b := &defsBuilder{}
	b.view(1, 1, 0, "fields").view(2, 1, 1, "nested in a relative date").view(3, 1, 0, "refers to a Part view").
		view(4, 1, 0, "part").view(5, 1, 0, "disabled change").view(6, 1, 0, "counts in a doublefield miniview").
		view(7, 1, 0, "relative date").mini(300, cOrders, "doubles")
	b.rule(1, kopernik.ViewRef(1), false, false).cond(1, 1, &kopernik.FieldCondition{Field: fName})
	b.rule(7, kopernik.ViewRef(7), false, false).cond(7, 7, &kopernik.DateCondition{Field: fBirth, Window: rel})
	b.views[1].Parent = 7
	b.rule(3, kopernik.ViewRef(3), false, false).cond(3, 3, &kopernik.ReferViewCondition{View: 4})
	b.rule(4, kopernik.ViewRef(4), false, false).cond(4, 4, &kopernik.PartCondition{})
	b.rule(5, kopernik.ViewRef(5), false, true).cond(5, 5, &kopernik.ChangeCondition{})
	b.rule(6, kopernik.ViewRef(6), false, false).cond(6, 6, &kopernik.MiniViewCondition{Miniview: 300})
	b.rule(30, kopernik.MiniviewRef(300), false, false).cond(30, 30, &kopernik.DoubleFieldCondition{})
	defs := b.build()
	for ref, want := range map[kopernik.SelectionRef]Dep{
		kopernik.ViewRef(1): 0, kopernik.ViewRef(2): DepClock, kopernik.ViewRef(3): DepSet, kopernik.ViewRef(4): DepSet,
		kopernik.ViewRef(5): 0, kopernik.ViewRef(6): DepSet, kopernik.MiniviewRef(300): DepSet,
	} {
		if got := defs.Depends(ref); got != want {
			t.Errorf("%v: %b, want %b", ref, got, want)
		}
		if defs.Depends(ref).PerEntity() != (want == 0) {
			t.Errorf("%v: PerEntity wrong", ref)
		}
	}
}
