package selection

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
)

var refNow = at("2024-06-15 10:00:00")

// shop is the reference fixture: six profiles (5 removed), five orders.
func shop(defs *Definitions) *Dataset {
	p := func(id int64, name, city, age, score, email, kind string, interests ...int64) *kopernik.Entity {
		return profile(id, map[int64]string{fName: name, fCity: city, fAge: age, fScore: score, fEmail: email, fKind: kind}, interests...)
	}
	removed := p(5, "", "Delft", "0", "0", "anna@example.com", "a", iFootball)
	removed.Removed = "2024-01-01 00:00:00"
	removedOrder := sub(104, 5, map[int64]string{fProduct: "bike"})
	removedOrder.Removed = "2024-01-01 00:00:00"
	return &Dataset{
		Catalog: testCatalog(),
		Defs:    defs,
		Profiles: []*kopernik.Entity{
			p(1, "Anna", "Delft", "30", "9.5", "anna@example.com", "a", iFootball, iBiking),
			p(2, "bert", "delft", "17", "10", "not-an-email", "B", iCars),
			p(3, "Carla", "Amsterdam", "45", "2", "carla@example.nl", "b", iFootball, iCars),
			p(4, "Dirk", "Rotterdam", "0", "0", " ANNA@example.com ", "", iTennis),
			removed,
			p(6, "Eva", "Delft ", "99", "7", "eva@example", "a"),
		},
		Subprofiles: []*kopernik.Entity{
			sub(101, 1, map[int64]string{fProduct: "bike", fAmount: "500"}),
			sub(102, 1, map[int64]string{fProduct: "helmet", fAmount: "50"}),
			sub(103, 3, map[int64]string{fProduct: "car", fAmount: "20000"}),
			removedOrder,
			sub(105, 2, map[int64]string{fProduct: "Bike", fAmount: "300"}),
		},
	}
}

func field(f int64, cmp kopernik.FieldComparison, value string) *kopernik.FieldCondition {
	return &kopernik.FieldCondition{Field: f, Comparison: cmp, Value: value}
}

func with(i int64) *kopernik.InterestCondition {
	return &kopernik.InterestCondition{Mode: ModeWithInterest, Interest: i}
}

var v100 = kopernik.ViewRef(100)

// oneView is view 100 on database 1 with the given rules, each a list of
// conditions; inverted and disabled flags per rule index.
func oneView(rules [][]kopernik.ConditionProps, inverted, disabled map[int]bool) *Definitions {
	b := &defsBuilder{}
	b.view(100, 1, 0, "V")
	cid := int64(1)
	for i, conds := range rules {
		rid := int64(1000 + i)
		b.rule(rid, v100, inverted[i], disabled[i])
		for _, c := range conds {
			b.cond(cid, rid, c)
			cid++
		}
	}
	return b.build()
}

func TestSel3_1_AndWithinRule(t *testing.T) {
	defs := oneView([][]kopernik.ConditionProps{{field(fCity, kopernik.CmpEquals, "delft"), with(iFootball)}}, nil, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(1)) {
		t.Fatalf("got %v, want [1]", got)
	}
}

func TestSel3_1_OrBetweenRules(t *testing.T) {
	defs := oneView([][]kopernik.ConditionProps{{field(fCity, kopernik.CmpEquals, "delft")}, {with(iCars)}}, nil, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(1, 2, 3)) {
		t.Fatalf("got %v, want [1 2 3]", got)
	}
}

func TestSel3_1_InvertedRule(t *testing.T) {
	// selections-conditions.md: "has interest biking" OR NOT "has interest car".
	defs := oneView([][]kopernik.ConditionProps{{with(iBiking)}, {with(iCars)}}, map[int]bool{1: true}, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(1, 4, 6)) {
		t.Fatalf("got %v, want [1 4 6]", got)
	}
	// database-management.md: wrong e-mail syntax is one inverted rule holding "is a valid e-mail address".
	defs = oneView([][]kopernik.ConditionProps{{field(fEmail, kopernik.CmpIsEmail, "")}}, map[int]bool{0: true}, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(2, 4, 6)) {
		t.Fatalf("wrong e-mail syntax: got %v, want [2 4 6]", got)
	}
}

func TestSel3_1_DisabledRuleIgnored(t *testing.T) {
	defs := oneView([][]kopernik.ConditionProps{{with(iTennis)}, {with(iCars)}}, nil, map[int]bool{1: true})
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(4)) {
		t.Fatalf("got %v, want [4]", got)
	}
}

func TestSel3_1_NoActiveRuleSelectsAllCandidates(t *testing.T) {
	all := ids(1, 2, 3, 4, 6)
	cases := map[string]*Definitions{
		"one disabled rule": oneView([][]kopernik.ConditionProps{{with(iTennis)}}, nil, map[int]bool{0: true}),
		"no rules":          oneView(nil, nil, nil),
		"only empty rules":  oneView([][]kopernik.ConditionProps{{}, {}}, nil, nil),
	}
	for name, defs := range cases {
		if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, all) {
			t.Errorf("%s: got %v, want %v", name, got, all)
		}
	}
}

func TestSel3_1_EmptyRuleIgnored(t *testing.T) {
	// An empty inverted rule would select everybody if it counted; an empty
	// plain rule nobody. Both are ignored.
	defs := oneView([][]kopernik.ConditionProps{{}, {with(iTennis)}, {}}, map[int]bool{0: true}, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(4)) {
		t.Fatalf("got %v, want [4]", got)
	}
}

func TestSel3_2_NestedViewWithinParent(t *testing.T) {
	b := &defsBuilder{}
	b.view(100, 1, 0, "Delft").view(101, 1, 100, "Delft football").view(102, 1, 100, "Delft without football").view(103, 1, 101, "grandchild")
	b.rule(1, kopernik.ViewRef(100), false, false).cond(1, 1, field(fCity, kopernik.CmpContains, "delft"))
	b.rule(2, kopernik.ViewRef(101), false, false).cond(2, 2, with(iFootball))
	// Inversion is relative to the candidates: never adds Carla, who likes football outside Delft.
	b.rule(3, kopernik.ViewRef(102), true, false).cond(3, 3, with(iFootball))
	m, err := Reference(shop(b.build()), refNow)
	if err != nil {
		t.Fatal(err)
	}
	want := Members{kopernik.ViewRef(100): ids(1, 2, 6), kopernik.ViewRef(101): ids(1), kopernik.ViewRef(102): ids(2, 6), kopernik.ViewRef(103): ids(1)}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %v, want %v", m, want)
	}
}

func TestSel3_2_MiniviewCandidatesAreLiveSubprofiles(t *testing.T) {
	b := &defsBuilder{}
	b.mini(300, cOrders, "all").mini(301, cOrders, "bikes")
	b.rule(1, kopernik.MiniviewRef(301), false, false).cond(1, 1, field(fProduct, kopernik.CmpEquals, "bike"))
	m, err := Reference(shop(b.build()), refNow)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m[kopernik.MiniviewRef(300)], ids(101, 102, 103, 105)) || !reflect.DeepEqual(m[kopernik.MiniviewRef(301)], ids(101, 105)) {
		t.Fatalf("got %v", m)
	}
}

func TestSel3_3_PartSlicesWhatTheOtherConditionsLeave(t *testing.T) {
	one := kopernik.PartAmount{Abs: 1}
	top := &kopernik.PartCondition{Length: &one, Sort: []kopernik.SortKey{{Field: fScore, Desc: true, Numeric: true}}}
	// The Part condition has the lower ID, yet slices after the city test:
	// the top scorer of Delft (bert, 10), not of everyone.
	defs := oneView([][]kopernik.ConditionProps{{top, field(fCity, kopernik.CmpEquals, "delft")}}, nil, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(2)) {
		t.Fatalf("got %v, want [2]", got)
	}
	// Several Part conditions apply by ascending ID: the three highest
	// scorers, then all but the first of those.
	three := kopernik.PartAmount{Abs: 3}
	top3 := &kopernik.PartCondition{Length: &three, Sort: []kopernik.SortKey{{Field: fScore, Desc: true, Numeric: true}}}
	skip := &kopernik.PartCondition{Begin: kopernik.PartAmount{Abs: 1}, Sort: []kopernik.SortKey{{Field: fScore, Desc: true, Numeric: true}}}
	defs = oneView([][]kopernik.ConditionProps{{top3, skip}}, nil, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(1, 6)) {
		t.Fatalf("two parts: got %v, want [1 6]", got)
	}
	// An inverted rule with a Part: everyone but the slice.
	defs = oneView([][]kopernik.ConditionProps{{top}}, map[int]bool{0: true}, nil)
	if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, ids(1, 3, 4, 6)) {
		t.Fatalf("inverted part: got %v, want [1 3 4 6]", got)
	}
}

func TestSel3_4_DependenciesBuiltFirst(t *testing.T) {
	// View 100 refers to view 105, which refers to miniview 300 and nests
	// in 104: every target has a higher ID than the view using it.
	b := &defsBuilder{}
	b.view(100, 1, 0, "A").view(104, 1, 0, "Delft").view(105, 1, 104, "Delft with bikes").mini(300, cOrders, "bikes")
	b.rule(1, kopernik.ViewRef(100), false, false).cond(1, 1, &kopernik.ReferViewCondition{View: 105, Not: true})
	b.rule(2, kopernik.ViewRef(104), false, false).cond(2, 2, field(fCity, kopernik.CmpEquals, "delft"))
	b.rule(3, kopernik.ViewRef(105), false, false).cond(3, 3, &kopernik.MiniViewCondition{Miniview: 300})
	b.rule(4, kopernik.MiniviewRef(300), false, false).cond(4, 4, field(fProduct, kopernik.CmpContains, "bike"))
	defs := b.build()
	order, err := defs.BuildOrder()
	if err != nil {
		t.Fatal(err)
	}
	want := []kopernik.SelectionRef{kopernik.MiniviewRef(300), kopernik.ViewRef(104), kopernik.ViewRef(105), kopernik.ViewRef(100)}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	m, err := Reference(shop(defs), refNow)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m[kopernik.ViewRef(105)], ids(1, 2)) || !reflect.DeepEqual(m[v100], ids(3, 4, 6)) {
		t.Fatalf("got %v", m)
	}
}

func TestSel5_1_FieldComparisons(t *testing.T) {
	cases := []struct {
		name string
		c    *kopernik.FieldCondition
		want []int64
	}{
		{"text equals folds ASCII case", field(fCity, kopernik.CmpEquals, "DELFT"), ids(1, 2)},
		{"text equals keeps blanks", field(fCity, kopernik.CmpEquals, "Delft "), ids(6)},
		{"not equals", field(fCity, kopernik.CmpNotEquals, "delft"), ids(3, 4, 6)},
		{"contains", field(fCity, kopernik.CmpContains, "ELF"), ids(1, 2, 6)},
		{"not contains", field(fCity, kopernik.CmpNotContains, "elf"), ids(3, 4)},
		{"contains empty holds always", field(fCity, kopernik.CmpContains, ""), ids(1, 2, 3, 4, 6)},
		{"text less is case-insensitive", field(fName, kopernik.CmpLess, "C"), ids(1, 2)},
		{"text more", field(fName, kopernik.CmpMore, "carla"), ids(4, 6)},
		{"select equals is exact", field(fKind, kopernik.CmpEquals, "b"), ids(3)},
		{"select less is bytewise", field(fKind, kopernik.CmpLess, "a"), ids(2, 4)},
		{"select contains is exact", field(fKind, kopernik.CmpContains, "B"), ids(2)},
		{"integer more", field(fAge, kopernik.CmpMore, "29"), ids(1, 3, 6)},
		{"integer value is cast like a filter value", field(fAge, kopernik.CmpEquals, "17.9"), ids(2)},
		{"integer against non-numeric text is 0", field(fAge, kopernik.CmpEquals, "abc"), ids(4)},
		{"float less", field(fScore, kopernik.CmpLess, "9.5"), ids(3, 4, 6)},
		{"float equals", field(fScore, kopernik.CmpEquals, "9.50"), ids(1)},
		{"numeric text compares numerically on request", &kopernik.FieldCondition{Field: fName, Comparison: kopernik.CmpEquals, Value: "0", Numeric: true}, ids(1, 2, 3, 4, 6)},
		{"is_email", field(fEmail, kopernik.CmpIsEmail, "ignored"), ids(1, 3)},
		{"regexp is unanchored and case-insensitive", field(fEmail, kopernik.CmpRegexp, `EXAMPLE\.(com|nl)`), ids(1, 3, 4)},
		{"regexp anchored by the user", field(fName, kopernik.CmpRegexp, `^[ab]`), ids(1, 2)},
		{"is-numeric", field(fScore, kopernik.CmpIsNumeric, ""), ids(1, 2, 3, 4, 6)},
		{"is-numeric on text", field(fName, kopernik.CmpIsNumeric, ""), nil},
	}
	for _, c := range cases {
		defs := oneView([][]kopernik.ConditionProps{{c.c}}, nil, nil)
		got := members(t, shop(defs), refNow, v100)
		if !reflect.DeepEqual(got, append([]int64{}, c.want...)) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSel5_1_DateFieldsCompareChronologically(t *testing.T) {
	ds := shop(nil)
	ds.Profiles[0].Values[fBirth], ds.Profiles[1].Values[fBirth], ds.Profiles[2].Values[fBirth] = "1990-06-15", "2001-01-01", "0000-00-00"
	ds.Profiles[0].Values[fVisit], ds.Profiles[1].Values[fVisit] = "2024-06-01 08:00:00", "2024-06-01 00:00:00"
	cases := []struct {
		c    *kopernik.FieldCondition
		want []int64
	}{
		{field(fBirth, kopernik.CmpLess, "2000-01-01"), ids(1, 3, 4, 6)}, // empty and zero dates sort first
		{field(fBirth, kopernik.CmpEquals, "15-06-1990"), ids(1)},        // the value is read as a date
		{field(fBirth, kopernik.CmpMore, "1995-05-05 23:00:00"), ids(2)},
		{field(fVisit, kopernik.CmpEquals, "2024-06-01"), ids(2)}, // midnight
		{field(fVisit, kopernik.CmpMore, "2024-06-01"), ids(1)},
		{&kopernik.FieldCondition{Field: fVisit, Comparison: kopernik.CmpMore, OtherField: fBirth}, ids(1, 2)},
	}
	for _, c := range cases {
		ds.Defs = oneView([][]kopernik.ConditionProps{{c.c}}, nil, nil)
		if got := members(t, ds, refNow, v100); !reflect.DeepEqual(got, append([]int64{}, c.want...)) {
			t.Errorf("%+v: got %v, want %v", c.c, got, c.want)
		}
	}
}

func TestSel5_1_OtherField(t *testing.T) {
	ds := shop(nil)
	ds.Profiles[0].Values[fNick] = "ANNA"
	ds.Profiles[1].Values[fNick] = "Bertje"
	ds.Profiles[2].Values[fNick] = "c"
	cases := []struct {
		c    *kopernik.FieldCondition
		want []int64
	}{
		{&kopernik.FieldCondition{Field: fName, Comparison: kopernik.CmpEquals, OtherField: fNick}, ids(1)},
		{&kopernik.FieldCondition{Field: fNick, Comparison: kopernik.CmpContains, OtherField: fName}, ids(1, 2)},
		{&kopernik.FieldCondition{Field: fName, Comparison: kopernik.CmpMore, OtherField: fNick}, ids(3, 4, 6)},
		{&kopernik.FieldCondition{Field: fAge, Comparison: kopernik.CmpMore, OtherField: fScore}, ids(1, 2, 3, 6)},
		// The other field is the pattern: "Bertje" does not occur in "bert"; an empty pattern matches.
		{&kopernik.FieldCondition{Field: fName, Comparison: kopernik.CmpRegexp, OtherField: fNick}, ids(1, 3, 4, 6)},
	}
	for _, c := range cases {
		ds.Defs = oneView([][]kopernik.ConditionProps{{c.c}}, nil, nil)
		if got := members(t, ds, refNow, v100); !reflect.DeepEqual(got, append([]int64{}, c.want...)) {
			t.Errorf("%+v: got %v, want %v", c.c, got, c.want)
		}
	}
}

func TestSel5_2_InterestModes(t *testing.T) {
	cases := []struct {
		c    *kopernik.InterestCondition
		want []int64
	}{
		{with(iFootball), ids(1, 3)},
		{&kopernik.InterestCondition{Mode: ModeWithoutInterest, Interest: iFootball}, ids(2, 4, 6)},
		{&kopernik.InterestCondition{Mode: ModeWithGroup, Group: "Sports"}, ids(1, 3, 4)},
		{&kopernik.InterestCondition{Mode: ModeWithoutGroup, Group: "hobbies"}, ids(4, 6)},
		{&kopernik.InterestCondition{Mode: ModeWithGroup, Group: "gone"}, nil},
		{&kopernik.InterestCondition{Mode: ModeWithoutGroup, Group: "gone"}, ids(1, 2, 3, 4, 6)},
	}
	for _, c := range cases {
		defs := oneView([][]kopernik.ConditionProps{{c.c}}, nil, nil)
		if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, append([]int64{}, c.want...)) {
			t.Errorf("%+v: got %v, want %v", c.c, got, c.want)
		}
	}
}

func TestSel5_4_DoubleFieldModes(t *testing.T) {
	// E-mail groups over the live profiles: {1, 4} (case and blanks
	// ignored; removed 5 does not count), {2}, {3}, {6}.
	cases := map[string][]int64{
		DoubleUnique:       ids(2, 3, 6),
		DoubleNonUnique:    ids(1, 4),
		DoubleRepeated:     ids(4),
		DoubleNonRepeated:  ids(1, 2, 3, 6),
		DoubleLast:         ids(2, 3, 4, 6),
		DoubleToBeRepeated: ids(1),
	}
	for mode, want := range cases {
		// The grouping covers the whole database, not only the candidates:
		// the rule's other condition removes 1, yet 4 still repeats it.
		c := &kopernik.DoubleFieldCondition{Mode: mode, Fields: []int64{fEmail}}
		defs := oneView([][]kopernik.ConditionProps{{c}}, nil, nil)
		if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", mode, got, want)
		}
	}
	b := &defsBuilder{}
	b.view(100, 1, 0, "Rotterdam").view(101, 1, 100, "repeats")
	b.rule(1, v100, false, false).cond(1, 1, field(fCity, kopernik.CmpEquals, "Rotterdam"))
	b.rule(2, kopernik.ViewRef(101), false, false).cond(2, 2, &kopernik.DoubleFieldCondition{Mode: DoubleRepeated, Fields: []int64{fEmail}})
	if got := members(t, shop(b.build()), refNow, kopernik.ViewRef(101)); !reflect.DeepEqual(got, ids(4)) {
		t.Errorf("grouping over the whole database: got %v, want [4]", got)
	}
	// Two fields: every combination is unique here.
	c := &kopernik.DoubleFieldCondition{Mode: DoubleNonUnique, Fields: []int64{fEmail, fName}}
	if got := members(t, shop(oneView([][]kopernik.ConditionProps{{c}}, nil, nil)), refNow, v100); len(got) != 0 {
		t.Errorf("two fields: got %v, want none", got)
	}
}

func TestSel5_4_DoubleFieldInMinirule(t *testing.T) {
	b := &defsBuilder{}
	b.mini(300, cOrders, "repeat products")
	b.rule(1, kopernik.MiniviewRef(300), false, false).cond(1, 1, &kopernik.DoubleFieldCondition{Mode: DoubleNonUnique, Fields: []int64{fProduct}})
	if got := members(t, shop(b.build()), refNow, kopernik.MiniviewRef(300)); !reflect.DeepEqual(got, ids(101, 105)) {
		t.Fatalf("got %v, want [101 105] (bike, Bike; removed 104 not counted)", got)
	}
}

func TestSel5_6_ReferView(t *testing.T) {
	b := &defsBuilder{}
	b.view(100, 1, 0, "newsletter").view(101, 1, 0, "bounces").view(102, 1, 0, "bounced only")
	b.rule(1, kopernik.ViewRef(101), false, false).cond(1, 1, field(fEmail, kopernik.CmpIsEmail, ""))
	b.rule(2, v100, false, false).cond(2, 2, &kopernik.ReferViewCondition{View: 101, Not: true})
	b.rule(3, kopernik.ViewRef(102), false, false).cond(3, 3, &kopernik.ReferViewCondition{View: 101})
	m, err := Reference(shop(b.build()), refNow)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m[v100], ids(2, 4, 6)) || !reflect.DeepEqual(m[kopernik.ViewRef(102)], ids(1, 3)) {
		t.Fatalf("got %v", m)
	}
}

func TestSel5_7_MiniViewCounts(t *testing.T) {
	// Miniview 300 holds every order: profile 1 has two, 2 and 3 one each.
	n := func(v int64) *int64 { return &v }
	cases := []struct {
		c    *kopernik.MiniViewCondition
		want []int64
	}{
		{&kopernik.MiniViewCondition{Miniview: 300}, ids(1, 2, 3)},
		{&kopernik.MiniViewCondition{Miniview: 300, Max: n(0)}, ids(4, 6)},
		{&kopernik.MiniViewCondition{Miniview: 300, Max: n(1)}, ids(2, 3, 4, 6)},
		{&kopernik.MiniViewCondition{Miniview: 300, Min: n(2)}, ids(1)},
		{&kopernik.MiniViewCondition{Miniview: 300, Min: n(0)}, ids(1, 2, 3, 4, 6)},
		{&kopernik.MiniViewCondition{Miniview: 300, Min: n(1), Max: n(1)}, ids(2, 3)},
		{&kopernik.MiniViewCondition{Miniview: 301}, ids(1, 2)}, // bikes
	}
	for _, c := range cases {
		b := &defsBuilder{}
		b.view(100, 1, 0, "V").mini(300, cOrders, "all").mini(301, cOrders, "bikes")
		b.rule(1, v100, false, false).cond(1, 1, c.c)
		b.rule(2, kopernik.MiniviewRef(301), false, false).cond(2, 2, field(fProduct, kopernik.CmpEquals, "bike"))
		if got := members(t, shop(b.build()), refNow, v100); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: got %v, want %v", c.c, got, c.want)
		}
	}
}

func TestSel5_7_MiniViewInMinirule(t *testing.T) {
	two := int64(2)
	b := &defsBuilder{}
	b.mini(300, cOrders, "all").mini(310, cOrders, "orders of repeat customers")
	b.rule(1, kopernik.MiniviewRef(310), false, false).cond(1, 1, &kopernik.MiniViewCondition{Miniview: 300, Min: &two})
	if got := members(t, shop(b.build()), refNow, kopernik.MiniviewRef(310)); !reflect.DeepEqual(got, ids(101, 102)) {
		t.Fatalf("got %v, want [101 102]", got)
	}
}

func TestSel9_DanglingReferencesNeverHold(t *testing.T) {
	cases := map[string]kopernik.ConditionProps{
		"field":               field(999, kopernik.CmpNotEquals, "x"),
		"other-field":         &kopernik.FieldCondition{Field: fName, Comparison: kopernik.CmpNotEquals, OtherField: 999},
		"interest (without)":  &kopernik.InterestCondition{Mode: ModeWithoutInterest, Interest: 999},
		"date field":          &kopernik.DateCondition{Field: 999},
		"doublefield":         &kopernik.DoubleFieldCondition{Mode: DoubleUnique, Fields: []int64{fName, 999}},
		"referview (no)":      &kopernik.ReferViewCondition{View: 999, Not: true},
		"miniview (max 0)":    &kopernik.MiniViewCondition{Miniview: 999, Max: new(int64)},
		"change (nofield)":    &kopernik.ChangeCondition{ChangeType: ChangeNoField, Field: 999},
		"field of another db": field(fOtherName, kopernik.CmpNotEquals, "x"),
	}
	for name, c := range cases {
		defs := oneView([][]kopernik.ConditionProps{{c}}, nil, nil)
		if got := members(t, shop(defs), refNow, v100); len(got) != 0 {
			t.Errorf("%s: got %v, want nobody", name, got)
		}
	}
}
