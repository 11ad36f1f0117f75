package selection

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
)

// docCatalog is the catalog of the spec's output examples: database 3
// holding the field "newsletter" (ID 5).
func docCatalog() *kopernik.Catalog {
	f := &kopernik.Field{ID: 5, Owner: kopernik.DatabaseOwner(3), Name: "newsletter", Type: kopernik.TypeText, Length: 255, TextLines: 1, Index: true}
	c := &kopernik.Collection{ID: 8, DatabaseID: 3, Name: "orders"}
	i := &kopernik.Interest{ID: 6, DatabaseID: 3, Name: "football", Group: "sports"}
	return kopernik.NewCatalog(1, []*kopernik.Database{{ID: 3, Name: "Shop", Fields: []*kopernik.Field{f},
		Interests: []*kopernik.Interest{i}, Collections: []*kopernik.Collection{c}}})
}

const newsletterField = `{"ID":"5","name":"newsletter","type":"text","value":"","displayed":false,"ordered":false,"length":"255","textlines":"1","hidden":false,"index":true}`

func TestSel8_4_RuleOutputAsDocumented(t *testing.T) {
	b := &defsBuilder{}
	b.view(12, 3, 0, "Newsletter")
	b.rules = append(b.rules, &kopernik.Rule{ID: 40, Name: "Subscribed", Owner: kopernik.ViewRef(12)})
	b.cond(77, 40, &kopernik.FieldCondition{Field: 5, Comparison: kopernik.CmpEquals, Value: "yes"})
	defs := b.build()
	got := encode(t, RuleObject(docCatalog(), defs, defs.Rule(40)))
	want := `{"ID":"40","name":"Subscribed","view":"12","description":"","conditions":{"start":0,"limit":100,"count":1,"data":[` +
		`{"ID":"77","type":"Field","rule":"40","comparison":"equals","field":` + newsletterField +
		`,"value":"yes","other-field":false,"numeric-comparison":false}],"total":1},"inversed":false,"inverted":false,"disabled":false}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// inversed and inverted both carry the flag; a minirule prints its miniview as view.
	r := &kopernik.Rule{ID: 41, Name: "m", Description: "d", Owner: kopernik.MiniviewRef(9), Inversed: true, Disabled: true}
	got = encode(t, RuleObject(docCatalog(), defs, r))
	want = `{"ID":"41","name":"m","view":"9","description":"d","conditions":{"start":0,"limit":100,"count":0,"data":[],"total":0},"inversed":true,"inverted":true,"disabled":true}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSel8_4_ConditionEnvelopeNeverTruncated(t *testing.T) {
	b := &defsBuilder{}
	b.view(12, 3, 0, "V").rule(40, kopernik.ViewRef(12), false, false)
	for i := int64(1); i <= 120; i++ {
		b.cond(i, 40, &kopernik.ExportCondition{})
	}
	defs := b.build()
	env := RuleObject(docCatalog(), defs, defs.Rule(40)).Values[4].(*kopernik.Map)
	if l, _ := env.Get("limit"); l != int64(120) {
		t.Fatalf("limit %v, want 120", l)
	}
	if d, _ := env.Get("data"); len(d.([]any)) != 120 {
		t.Fatalf("%d conditions listed", len(d.([]any)))
	}
}

func TestSel8_2_ViewOutputAsDocumented(t *testing.T) {
	b := &defsBuilder{}
	b.view(12, 3, 0, "Newsletter").view(13, 3, 0, "Other").view(14, 3, 12, "Nested")
	b.views[0].LastBuilt = "2024-05-01 10:00:00"
	b.views[0].Intentions.Email = true
	b.rule(40, kopernik.ViewRef(12), false, true).rule(41, kopernik.ViewRef(13), false, true)
	b.cond(1, 41, &kopernik.ReferViewCondition{View: 12})
	defs := b.build()
	got := encode(t, ViewObject(defs, defs.View(12)))
	want := `{"ID":"12","name":"Newsletter","description":"","parent-type":"database","parent-id":"3","has-children":true,` +
		`"has-referred":true,"has-rules":true,"database":"3","last-built":"2024-05-01 10:00:00","intentions":{"email":true,"sms":false,"fax":false,"pdf":false}}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// Before the first build last-built is false (O-24); a nested view names its parent view.
	got = encode(t, ViewObject(defs, defs.View(14)))
	want = `{"ID":"14","name":"Nested","description":"","parent-type":"view","parent-id":"12","has-children":false,` +
		`"has-referred":false,"has-rules":false,"database":"3","last-built":false,"intentions":{"email":false,"sms":false,"fax":false,"pdf":false}}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSel8_3_MiniviewOutput(t *testing.T) {
	m := &kopernik.Miniview{ID: 9, Name: "Recent", Description: "last week", Collection: 8, Intentions: kopernik.Intentions{PDF: true}}
	got := encode(t, MiniviewObject(m))
	want := `{"ID":"9","name":"Recent","description":"last week","parent-type":"collection","parent-id":"8","collection":"8",` +
		`"last-built":false,"intentions":{"email":false,"sms":false,"fax":false,"pdf":true}}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSel6_ConditionOutputPerType(t *testing.T) {
	two := int64(2)
	b := &defsBuilder{}
	b.view(12, 3, 0, "V").view(13, 3, 0, "W").mini(9, 8, "M")
	defs := b.build()
	cases := []struct {
		p    kopernik.ConditionProps
		want string
	}{
		{&kopernik.FieldCondition{Field: 5, Comparison: kopernik.CmpLess, OtherField: 5, Numeric: true},
			`"comparison":"less","field":` + newsletterField + `,"value":"","other-field":` + newsletterField + `,"numeric-comparison":true`},
		{&kopernik.InterestCondition{Mode: ModeWithInterest, Interest: 6},
			`"match-mode":"match_profiles_with_interest","interest":{"ID":"6","name":"football","group":"sports"},"interest-group":false`},
		{&kopernik.InterestCondition{Mode: ModeWithGroup, Group: "sports"},
			`"match-mode":"match_profiles_with_interestgroup","interest":false,"interest-group":"sports"`},
		{&kopernik.DateCondition{Field: 5, IgnoreYear: true, Window: kopernik.TimeWindow{BeforeTime: "2024-01-01 00:00:00",
			AfterMutation: &kopernik.Mutation{Minus: true, Count: 1, Unit: kopernik.UnitYear, Floor: kopernik.UnitDay}}},
			`"field":` + newsletterField + `,"compare-mode":"ignoreyear","before-time":"2024-01-01 00:00:00","after-time":false,"before-mutation":false,"after-mutation":"[\"minus\",\"1\",\"year\",\"day\"]"`},
		{&kopernik.DoubleFieldCondition{Mode: DoubleRepeated, Fields: []int64{5, 999}},
			`"match-mode":"match_repeated_profiles","fields":["newsletter",false]`},
		{&kopernik.PartCondition{Begin: kopernik.PartAmount{Neg: true}, Length: &kopernik.PartAmount{Abs: 10, Percent: true}, Sort: []kopernik.SortKey{{Field: 5, Desc: true}}},
			`"begin":"-0","length":"10%","fields":[{"field":"newsletter","order":"desc","numeric":false}]`},
		{&kopernik.PartCondition{Begin: kopernik.PartAmount{Abs: 3}},
			`"begin":"3","length":false,"fields":[]`},
		{&kopernik.ReferViewCondition{View: 13, Not: true}, `"refer-view":"13","check-type":"no"`},
		{&kopernik.ReferViewCondition{View: 99}, `"refer-view":false,"check-type":"yes"`},
		{&kopernik.MiniViewCondition{Miniview: 9, Min: &two}, `"mini-view":"9","min-subprofiles":"2","max-subprofiles":false`},
		{&kopernik.ChangeCondition{ChangeType: ChangeGotInterest, Interest: 6},
			`"change-type":"gotinterest","field":false,"interest":{"ID":"6","name":"football","group":"sports"},"before-time":false,"after-time":false,"before-mutation":false,"after-mutation":false`},
		{&kopernik.ExportCondition{IncludeNever: true},
			`"include-never-exported-profiles":true,"before-time":false,"after-time":false,"before-mutation":false,"after-mutation":false`},
		{&kopernik.MailingCondition{Channel: kopernik.CondEmail, Mode: MailNothing, Destination: "anything", Operator: "<>", Number: "1,3", Result: "nocheck", URL: "https://x/"},
			`"match-mode":"match_profiles_that_received_nothing","required-destination":"anything","document":false,"template":false,"number":"1,3","operator":"<>","required-result":"nocheck","clicked-url":"https://x/","required-errors":false,"before-time":false,"after-time":false,"before-mutation":false,"after-mutation":false`},
		{&kopernik.MailingCondition{Channel: kopernik.CondSms, Mode: MailSomething},
			`"match-mode":"match_profiles_that_received_something","required-destination":false,"document":false,"template":false,"number":false,"operator":false,"before-time":false,"after-time":false,"before-mutation":false,"after-mutation":false`},
		{&kopernik.SurveyCondition{Survey: "NPS", Submitter: "none"},
			`"survey-name":"NPS","submitter":"none","before-time":false,"after-time":false,"before-mutation":false,"after-mutation":false`},
		{&kopernik.ContactCondition{Kind: kopernik.CondToDo, MatchType: "match_exact", Mode: ContactContacted, MaxClosed: &two, User: "jan"},
			`"match-type":"match_exact","match-mode":"match_contacted_profiles","contact-type":false,"min-closed":false,"max-closed":"2","user":"jan","priority":false,"contains":false,"before-time":false,"after-time":false,"before-mutation":false,"after-mutation":false`},
	}
	for _, c := range cases {
		cond := &kopernik.Condition{ID: 77, Rule: 40, Props: c.p}
		want := `{"ID":"77","type":"` + string(c.p.ConditionType()) + `","rule":"40",` + c.want + `}`
		if got := encode(t, ConditionObject(docCatalog(), defs, cond)); got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.p.ConditionType(), got, want)
		}
	}
}

// TestSel6_OutputReadsBackAsInput: a condition printed by GET and sent back
// unchanged (as PUT or POST body) is the same condition.
func TestSel6_OutputReadsBackAsInput(t *testing.T) {
	defs := inputDefs()
	sc := viewScope(defs, 100)
	two := int64(2)
	cat := testCatalog()
	rel := &kopernik.Mutation{Minus: true, Count: 1, Unit: kopernik.UnitYear, Floor: kopernik.UnitDay}
	shapeB := &kopernik.Mutation{Interval: true, Years: 1, Days: 2, Hours: 3}
	cases := []kopernik.ConditionProps{
		&kopernik.FieldCondition{Field: fCity, Comparison: kopernik.CmpNotContains, Value: "elf"},
		&kopernik.FieldCondition{Field: fName, Comparison: kopernik.CmpLess, OtherField: fNick, Numeric: true},
		&kopernik.InterestCondition{Mode: ModeWithoutInterest, Interest: iCars},
		&kopernik.InterestCondition{Mode: ModeWithGroup, Group: "sports"},
		&kopernik.DateCondition{Field: fVisit, IgnoreYear: true, Window: kopernik.TimeWindow{AfterTime: "2020-01-01 00:00:00", BeforeMutation: rel, AfterMutation: shapeB}},
		&kopernik.DoubleFieldCondition{Mode: DoubleLast, Fields: []int64{fEmail, fName}},
		&kopernik.PartCondition{Begin: kopernik.PartAmount{Neg: true}, Length: &kopernik.PartAmount{Abs: 5, Percent: true, Neg: true}, Sort: []kopernik.SortKey{{Field: fScore, Desc: true}, {Field: fName, Numeric: true}}},
		&kopernik.ReferViewCondition{View: 102, Not: true},
		&kopernik.MiniViewCondition{Miniview: 301, Min: &two},
		&kopernik.ChangeCondition{ChangeType: ChangeLostInterest, Field: fCity, Interest: iTennis, Window: kopernik.TimeWindow{BeforeTime: "2024-01-01 00:00:00"}},
		&kopernik.ExportCondition{IncludeNever: true},
		&kopernik.MailingCondition{Channel: kopernik.CondEmail, Mode: MailNothing, Destination: "profile", Document: "Welcome", Template: "T", Number: "1,3", Operator: "<>", Result: "clickonurl", URL: "https://x/", Errors: "temp"},
		&kopernik.MailingCondition{Channel: kopernik.CondFax, Mode: MailSomething, Destination: "anything", Operator: "<", Number: "4"},
		&kopernik.SurveyCondition{Survey: "NPS", Submitter: "nosubprofile"},
		&kopernik.ContactCondition{Kind: kopernik.CondLastContact, MatchType: "match_exact", Mode: ContactNotContacted, ContactType: "call", MaxClosed: &two, User: "jan", Priority: "high", Contains: "offer"},
	}
	for _, p := range cases {
		out := ConditionObject(cat, defs, &kopernik.Condition{ID: 7, Rule: 1000, Props: p})
		back, err := ParseCondition(sc, out)
		if err != nil {
			t.Errorf("%s: output %s not accepted: %v", p.ConditionType(), encode(t, out), err)
			continue
		}
		if !reflect.DeepEqual(back, p) {
			t.Errorf("%s: read back %+v, want %+v", p.ConditionType(), back, p)
		}
	}
}
