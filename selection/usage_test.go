package selection

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
)

// usageDefs: views 100 > 101 > 102 (nested), 103 on its own; miniview 300.
// The conditions read fields, interests and each other as named below.
func usageDefs() *Definitions {
	b := &defsBuilder{}
	b.view(100, 1, 0, "A").view(101, 1, 100, "A1").view(102, 1, 101, "A2").view(103, 1, 0, "B").
		mini(300, cOrders, "M")
	b.rule(1000, kopernik.ViewRef(100), false, false).rule(1001, kopernik.ViewRef(101), false, true).
		rule(1002, kopernik.ViewRef(103), true, false).rule(3000, kopernik.MiniviewRef(300), false, false)
	b.cond(1, 1000, &kopernik.FieldCondition{Field: fCity, OtherField: fName}).
		cond(2, 1000, &kopernik.InterestCondition{Mode: ModeWithInterest, Interest: iFootball}).
		cond(3, 1001, &kopernik.InterestCondition{Mode: ModeWithoutGroup, Group: "Sports"}).
		cond(4, 1001, &kopernik.PartCondition{Sort: []kopernik.SortKey{{Field: fAge}, {Field: fCity, Desc: true}}}).
		cond(5, 1002, &kopernik.ReferViewCondition{View: 101}).
		cond(6, 1002, &kopernik.MiniViewCondition{Miniview: 300}).
		cond(7, 1002, &kopernik.ChangeCondition{ChangeType: ChangeGotInterest, Interest: iCars, Field: fBirth}).
		cond(8, 3000, &kopernik.DoubleFieldCondition{Mode: DoubleUnique, Fields: []int64{fAmount, fProduct}}).
		cond(9, 3000, &kopernik.DateCondition{Field: fOrdered})
	return b.build()
}

func refList(r ...kopernik.SelectionRef) []kopernik.SelectionRef { return r }

// TestSel9_UsageFindsTheSelectionsADeleteOrRetypeAffects: the selections
// whose conditions read a field, an interest or another selection, which
// storage reports to the membership engine when that target changes.
func TestSel9_UsageFindsTheSelectionsADeleteOrRetypeAffects(t *testing.T) {
	d := usageDefs()
	v := kopernik.ViewRef
	for _, c := range []struct {
		name string
		got  []kopernik.SelectionRef
		want []kopernik.SelectionRef
	}{
		{"field of a Field condition", d.UsingField(fCity), refList(v(100), v(101))},
		{"other-field", d.UsingField(fName), refList(v(100))},
		{"Part sort key", d.UsingField(fAge), refList(v(101))},
		{"Change field", d.UsingField(fBirth), refList(v(103))},
		{"DoubleField and Date in a miniview", d.UsingField(fProduct), refList(kopernik.MiniviewRef(300))},
		{"unused field", d.UsingField(fScore), nil},
		{"interest named, its group tested case-insensitively", d.UsingInterest(&kopernik.Interest{ID: iFootball}, "sports"), refList(v(100), v(101))},
		{"interest of another group", d.UsingInterest(&kopernik.Interest{ID: iTennis}, "sports"), refList(v(101))},
		{"interest of a Change condition", d.UsingInterest(&kopernik.Interest{ID: iCars}, "hobbies"), refList(v(103))},
		{"referred view", d.ReferringTo(v(101)), refList(v(103))},
		{"referred miniview", d.ReferringTo(kopernik.MiniviewRef(300)), refList(v(103))},
		{"parent is no reference", d.ReferringTo(v(100)), nil},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	var sub []int64
	for _, x := range d.Subtree(100) {
		sub = append(sub, x.ID)
	}
	if !reflect.DeepEqual(sub, []int64{100, 101, 102}) || d.Subtree(999) != nil {
		t.Fatalf("subtree of 100: %v", sub)
	}
	if got := d.ViewsOf(1); len(got) != 4 {
		t.Fatalf("views of database 1: %d", len(got))
	}
}

// TestSel11_O21_RuleLookup: rule/{id} takes the ID of a rule of its kind, or
// a name only one such rule of the account has.
func TestSel11_O21_RuleLookup(t *testing.T) {
	d := usageDefs() // every rule is named r<ID>
	b := &defsBuilder{views: d.Views, minis: d.Miniviews, rules: d.Rules, conds: d.Conditions}
	b.rule(1003, kopernik.ViewRef(103), false, false)
	b.rules[len(b.rules)-1].Name = "R1000" // same name as rule 1000, other view
	d = b.build()
	for seg, want := range map[string]int64{"1000": 1000, "r1001": 1001, "R1002": 1002, "r1000": 0, "3000": 0, "999": 0, "": 0} {
		r := d.LookupRule(kopernik.KindView, seg)
		if (r == nil) != (want == 0) || (r != nil && r.ID != want) {
			t.Errorf("LookupRule(view, %q) = %v, want %d", seg, r, want)
		}
	}
	if r := d.LookupRule(kopernik.KindMiniview, "r3000"); r == nil || r.ID != 3000 {
		t.Fatalf("minirule by name: %v", r)
	}
	if r := d.LookupRule(kopernik.KindMiniview, "1000"); r != nil {
		t.Fatalf("a rule resolved as a minirule: %v", r)
	}
}

// TestStructureS5_5_RemapRewritesEveryReference: a database copy points every
// reference of a copied condition at the copy of its target, and an
// uncopied target at nothing; the original stays untouched.
func TestStructureS5_5_RemapRewritesEveryReference(t *testing.T) {
	m := Remap{
		Field:    func(id int64) int64 { return id + 1000 },
		Interest: func(id int64) int64 { return id + 2000 },
		View:     func(id int64) int64 { return id + 3000 },
		Miniview: func(int64) int64 { return 0 },
	}
	d := usageDefs()
	want := map[int64]kopernik.ConditionProps{
		1: &kopernik.FieldCondition{Field: fCity + 1000, OtherField: fName + 1000},
		2: &kopernik.InterestCondition{Mode: ModeWithInterest, Interest: iFootball + 2000},
		3: &kopernik.InterestCondition{Mode: ModeWithoutGroup, Group: "Sports"},
		4: &kopernik.PartCondition{Sort: []kopernik.SortKey{{Field: fAge + 1000}, {Field: fCity + 1000, Desc: true}}},
		5: &kopernik.ReferViewCondition{View: 3101},
		6: &kopernik.MiniViewCondition{Miniview: 0},
		7: &kopernik.ChangeCondition{ChangeType: ChangeGotInterest, Interest: iCars + 2000, Field: fBirth + 1000},
		8: &kopernik.DoubleFieldCondition{Mode: DoubleUnique, Fields: []int64{fAmount + 1000, fProduct + 1000}},
		9: &kopernik.DateCondition{Field: fOrdered + 1000},
	}
	for id, w := range want {
		orig := d.Condition(id).Props
		before, _ := kopernik.EncodeConditionProps(orig)
		got, err := m.Rewrite(orig)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("condition %d: %+v (%v), want %+v", id, got, err, w)
		}
		if after, _ := kopernik.EncodeConditionProps(orig); string(after) != string(before) {
			t.Errorf("condition %d: the original changed", id)
		}
	}
	// No functions: references stay.
	if got, _ := (Remap{}).Rewrite(d.Condition(5).Props); got.(*kopernik.ReferViewCondition).View != 101 {
		t.Fatal("an empty Remap moved a reference")
	}
}
