package selection

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

// inputDefs: views 100 (top) and 101 (nested in 100), 102 (top), view 200
// in the other database; miniviews 300 and 301 on the orders collection,
// 302 on the other database's collection, 303 named like 300 on another
// collection... of the other database.
func inputDefs() *Definitions {
	b := &defsBuilder{}
	b.view(100, 1, 0, "Newsletter").view(101, 1, 100, "Football fans").view(102, 1, 0, "Bounces").
		view(200, dbOther, 0, "Elsewhere").
		mini(300, cOrders, "Recent").mini(301, cOrders, "Big").mini(302, cOther, "Recent")
	b.rule(1000, kopernik.ViewRef(100), false, false).rule(1001, kopernik.ViewRef(101), false, false).
		rule(1002, kopernik.ViewRef(102), false, false).rule(3000, kopernik.MiniviewRef(300), false, false)
	return b.build()
}

func viewScope(defs *Definitions, id int64) Scope {
	return Scope{Catalog: testCatalog(), Defs: defs, Owner: kopernik.ViewRef(id), Loc: amsterdam}
}

func miniScope(defs *Definitions, id int64) Scope {
	return Scope{Catalog: testCatalog(), Defs: defs, Owner: kopernik.MiniviewRef(id), Loc: amsterdam}
}

func mustParse(t *testing.T, sc Scope, b *kopernik.Map) kopernik.ConditionProps {
	t.Helper()
	p, err := ParseCondition(sc, b)
	if err != nil {
		t.Fatalf("ParseCondition(%v): %v", b, err)
	}
	return p
}

// wantInvalid checks a 400 whose message contains part.
func wantInvalid(t *testing.T, err error, part string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", part)
	}
	if kopernik.ErrorCode(err) != kopernik.EINVALID {
		t.Fatalf("error %v has code %s, want %s", err, kopernik.ErrorCode(err), kopernik.EINVALID)
	}
	if !strings.Contains(err.Error(), part) {
		t.Fatalf("error %q does not mention %q", err, part)
	}
}

func TestSel5_TypeNamesCaseInsensitiveWithVariants(t *testing.T) {
	for in, want := range map[string]kopernik.ConditionType{
		"field": kopernik.CondField, "Field": kopernik.CondField, "FIELD": kopernik.CondField,
		"doublefield": kopernik.CondDoubleField, "DoubleField": kopernik.CondDoubleField, "double_field": kopernik.CondDoubleField,
		"referview": kopernik.CondReferView, "refer-view": kopernik.CondReferView, "miniview": kopernik.CondMiniView,
		"Sms": kopernik.CondSms, "SMS": kopernik.CondSms, "ToDo": kopernik.CondToDo, "todo": kopernik.CondToDo,
		"lastcontact": kopernik.CondLastContact, "e-mail": kopernik.CondEmail, "part": kopernik.CondPart,
	} {
		if got, ok := ParseType(in); !ok || got != want {
			t.Errorf("ParseType(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "fields", "selection", "mini view x"} {
		if _, ok := ParseType(bad); ok {
			t.Errorf("ParseType(%q) accepted", bad)
		}
	}
	_, err := ParseCondition(viewScope(inputDefs(), 100), mapOf("type", "nonsense", "field", "name"))
	wantInvalid(t, err, MsgUnknownType)
	_, err = ParseCondition(viewScope(inputDefs(), 100), mapOf("field", "name"))
	wantInvalid(t, err, MsgUnknownType)
}

func TestSel5_1_FieldDefaultsAndVariants(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "Field", "field", "city", "value", "Delft")).(*kopernik.FieldCondition)
	want := &kopernik.FieldCondition{Field: fCity, Comparison: kopernik.CmpEquals, Value: "Delft"}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("got %+v, want %+v (comparison defaults to equals, O-11)", p, want)
	}
	for in, out := range map[string]kopernik.FieldComparison{
		"not_equals": kopernik.CmpNotEquals, "not equals": kopernik.CmpNotEquals, "NOT-EQUALS": kopernik.CmpNotEquals,
		"is-email": kopernik.CmpIsEmail, "is_email": kopernik.CmpIsEmail, "is_numeric": kopernik.CmpIsNumeric,
		"not_contains": kopernik.CmpNotContains, "regexp": kopernik.CmpRegexp, "more": kopernik.CmpMore,
	} {
		p := mustParse(t, sc, mapOf("type", "field", "field", fCity, "comparison", in)).(*kopernik.FieldCondition)
		if p.Comparison != out {
			t.Errorf("comparison %q read as %q, want %q", in, p.Comparison, out)
		}
	}
	_, err := ParseCondition(sc, mapOf("type", "field", "field", "city", "comparison", "similar"))
	wantInvalid(t, err, "comparison")
	_, err = ParseCondition(sc, mapOf("type", "field", "value", "x"))
	wantInvalid(t, err, "field")
}

func TestSel5_1_FieldReferencesByIDOrName(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	for _, ref := range []any{int64(fCity), "11", " 11 ", float64(fCity), "city", "CITY"} {
		p := mustParse(t, sc, mapOf("type", "field", "field", ref)).(*kopernik.FieldCondition)
		if p.Field != fCity {
			t.Errorf("field %v resolved to %d, want %d", ref, p.Field, fCity)
		}
	}
	// A field of another database, or of the collection, is not in scope.
	for _, ref := range []any{int64(fOtherName), int64(fProduct), "product", "nosuchfield", int64(0)} {
		_, err := ParseCondition(sc, mapOf("type", "field", "field", ref))
		wantInvalid(t, err, "Unknown field")
	}
	// A minicondition reads the collection's fields.
	p := mustParse(t, miniScope(inputDefs(), 300), mapOf("type", "field", "field", "product")).(*kopernik.FieldCondition)
	if p.Field != fProduct {
		t.Fatalf("minicondition field = %d, want %d", p.Field, fProduct)
	}
	_, err := ParseCondition(miniScope(inputDefs(), 300), mapOf("type", "field", "field", "city"))
	wantInvalid(t, err, "Unknown field")
}

func TestSel5_1_OtherFieldAndValueClearEachOther(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "field", "field", "name", "other-field", "nick", "numeric-comparison", "yes")).(*kopernik.FieldCondition)
	if p.OtherField != fNick || !p.Numeric {
		t.Fatalf("got %+v, want other-field %d and numeric", p, fNick)
	}
	// Underscore spelling of the property names is accepted too.
	p = mustParse(t, sc, mapOf("type", "field", "field", "name", "other_field", "nick")).(*kopernik.FieldCondition)
	if p.OtherField != fNick {
		t.Fatalf("other_field not read: %+v", p)
	}
	up, err := UpdateCondition(sc, p, mapOf("value", "abc"))
	if err != nil {
		t.Fatal(err)
	}
	if f := up.(*kopernik.FieldCondition); f.OtherField != 0 || f.Value != "abc" {
		t.Fatalf("value did not clear other-field: %+v", f)
	}
	if p.OtherField != fNick {
		t.Fatal("UpdateCondition modified the stored condition")
	}
	up, err = UpdateCondition(sc, p, mapOf("other-field", false))
	if err != nil || up.(*kopernik.FieldCondition).OtherField != 0 {
		t.Fatalf("other-field false did not unset: %+v, %v", up, err)
	}
}

func TestSel5_1_RegexpMustCompile(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	mustParse(t, sc, mapOf("type", "field", "field", "email", "comparison", "regexp", "value", `^[a-z]+@example\.(com|nl)$`))
	_, err := ParseCondition(sc, mapOf("type", "field", "field", "email", "comparison", "regexp", "value", "(unclosed"))
	wantInvalid(t, err, "regular expression")
	// RE2 has no backreferences: a Perl-only pattern is refused, not accepted and never matched.
	_, err = ParseCondition(sc, mapOf("type", "field", "field", "email", "comparison", "regexp", "value", `(a)\1`))
	wantInvalid(t, err, "regular expression")
	// Switching an existing condition to regexp checks its stored value.
	p := mustParse(t, sc, mapOf("type", "field", "field", "name", "value", "[x"))
	_, err = UpdateCondition(sc, p, mapOf("comparison", "regexp"))
	wantInvalid(t, err, "regular expression")
}

func TestSel5_1_DateFieldValueMustBeFixed(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	mustParse(t, sc, mapOf("type", "field", "field", "birthdate", "comparison", "less", "value", "2000-01-01"))
	mustParse(t, sc, mapOf("type", "field", "field", "birthdate", "comparison", "contains", "value", "tomorrow"))
	_, err := ParseCondition(sc, mapOf("type", "field", "field", "birthdate", "comparison", "less", "value", "tomorrow"))
	wantInvalid(t, err, "fixed date")
	_, err = ParseCondition(sc, mapOf("type", "field", "field", "lastvisit", "value", "now"))
	wantInvalid(t, err, "fixed date")
}

func TestSel5_0_MinirulesRefuseProfileOnlyTypes(t *testing.T) {
	sc := miniScope(inputDefs(), 300)
	for _, typ := range []string{"Interest", "LastContact", "ToDo", "ReferView"} {
		_, err := ParseCondition(sc, mapOf("type", typ, "interest", "football", "refer-view", 100, "match-mode", "match_contacted_profiles"))
		wantInvalid(t, err, MsgTypeNotInMinirule)
	}
	for _, typ := range kopernik.ConditionTypes {
		if AllowedInMinirule(typ) == (typ == kopernik.CondInterest || typ == kopernik.CondLastContact || typ == kopernik.CondToDo || typ == kopernik.CondReferView) {
			t.Errorf("AllowedInMinirule(%s) wrong", typ)
		}
	}
}

func TestSel4_TimeFormats(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	for in, want := range map[string]string{
		"2024-05-01 10:11:12": "2024-05-01 10:11:12",
		"2024-05-01":          "2024-05-01 00:00:00",
		"01-01-2000":          "2000-01-01 00:00:00",
		"31-12-1999 23:59:59": "1999-12-31 23:59:59",
		" 2024-05-01 10:11 ":  "2024-05-01 10:11:00",
		"2024-05-01T10:11:12": "2024-05-01 10:11:12",
	} {
		p := mustParse(t, sc, mapOf("type", "date", "field", "birthdate", "before-time", in)).(*kopernik.DateCondition)
		if p.Window.BeforeTime != want {
			t.Errorf("before-time %q stored as %q, want %q", in, p.Window.BeforeTime, want)
		}
	}
	for _, bad := range []any{"2024-02-30", "yesterday", "2024/05/01", "1-1-2000", int64(20240501), "2024-05-01 25:00:00"} {
		_, err := ParseCondition(sc, mapOf("type", "date", "field", "birthdate", "after-time", bad))
		wantInvalid(t, err, "after-time")
	}
	// false and "" leave the bound unset (output prints unset as false).
	p := mustParse(t, sc, mapOf("type", "date", "field", "birthdate", "after-time", false, "before-time", "")).(*kopernik.DateCondition)
	if p.Window.Bounded() {
		t.Fatalf("unset bounds stored: %+v", p.Window)
	}
}

func TestSel4_MutationShapes(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	cases := []struct {
		in   any
		want kopernik.Mutation
		text string
	}{
		{`["minus","1","year","day"]`, kopernik.Mutation{Minus: true, Count: 1, Unit: kopernik.UnitYear, Floor: kopernik.UnitDay}, `["minus","1","year","day"]`},
		{[]any{"plus", int64(0), "days", "day"}, kopernik.Mutation{Unit: kopernik.UnitDay, Floor: kopernik.UnitDay}, `["plus","0","day","day"]`},
		{[]any{"minus", "3", "Week"}, kopernik.Mutation{Minus: true, Count: 3, Unit: kopernik.UnitWeek}, `["minus","3","week"]`},
		{`["minus","0001-02-03","04:05:06"]`, kopernik.Mutation{Minus: true, Interval: true, Years: 1, Months: 2, Days: 3, Hours: 4, Minutes: 5, Seconds: 6}, `["minus","0001-02-03","04:05:06"]`},
		{[]any{"plus", "0-0-7"}, kopernik.Mutation{Interval: true, Days: 7}, `["plus","0000-00-07","00:00:00"]`},
		// A form list arrives as a map keyed 0, 1, …
		{mapOf("0", "minus", "1", "2", "2", "month", "3", "month"), kopernik.Mutation{Minus: true, Count: 2, Unit: kopernik.UnitMonth, Floor: kopernik.UnitMonth}, `["minus","2","month","month"]`},
	}
	for _, c := range cases {
		p := mustParse(t, sc, mapOf("type", "date", "field", "birthdate", "after-mutation", c.in)).(*kopernik.DateCondition)
		if got := p.Window.AfterMutation; got == nil || *got != c.want {
			t.Errorf("mutation %v read as %+v, want %+v", c.in, got, c.want)
			continue
		}
		if got := MutationText(p.Window.AfterMutation); got != c.text {
			t.Errorf("mutation %v printed as %s, want %s", c.in, got, c.text)
		}
	}
	for _, bad := range []any{`["sideways","1","day"]`, `["minus","x","day"]`, `["minus","1","fortnight"]`,
		`["minus","1","day","week"]`, `["minus","-1","day"]`, `["minus"]`, `not json`, `["minus","1-2","00:00:00"]`, int64(5)} {
		_, err := ParseCondition(sc, mapOf("type", "date", "field", "birthdate", "before-mutation", bad))
		wantInvalid(t, err, "before-mutation")
	}
}

func TestSel5_2_InterestInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "interest", "interest", "Football")).(*kopernik.InterestCondition)
	if p.Mode != ModeWithInterest || p.Interest != iFootball {
		t.Fatalf("got %+v", p)
	}
	p = mustParse(t, sc, mapOf("type", "interest", "match-mode", "match_profiles_with_interest_group", "interest-group", "SPORTS")).(*kopernik.InterestCondition)
	if p.Mode != ModeWithGroup || p.Group != "sports" {
		t.Fatalf("group mode spelling variant: got %+v", p)
	}
	_, err := ParseCondition(sc, mapOf("type", "interest", "interest", int64(iOther)))
	wantInvalid(t, err, "Unknown interest")
	_, err = ParseCondition(sc, mapOf("type", "interest", "match-mode", "match_profiles_without_interestgroup"))
	wantInvalid(t, err, "interest-group")
	_, err = ParseCondition(sc, mapOf("type", "interest", "match-mode", "match_profiles_with_interestgroup", "interest-group", "knitting"))
	wantInvalid(t, err, "Unknown interest group")
	_, err = ParseCondition(sc, mapOf("type", "interest"))
	wantInvalid(t, err, "interest")
}

func TestSel5_3_DateOnlyOnDateFields(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	for _, f := range []string{"birthdate", "lastvisit", "joined"} {
		mustParse(t, sc, mapOf("type", "date", "field", f))
	}
	_, err := ParseCondition(sc, mapOf("type", "date", "field", "age"))
	wantInvalid(t, err, "not a date field")
	p := mustParse(t, sc, mapOf("type", "date", "field", "birthdate", "compare-mode", "IgnoreYear")).(*kopernik.DateCondition)
	if !p.IgnoreYear {
		t.Fatal("compare-mode ignoreyear not read")
	}
	_, err = ParseCondition(sc, mapOf("type", "date", "field", "birthdate", "compare-mode", "partial"))
	wantInvalid(t, err, "compare-mode")
}

func TestSel5_4_DoubleFieldInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	for _, in := range []any{"[name, city]", "name,city", `["name","city"]`, []any{"name", int64(fCity)}, "[name, city, NAME]"} {
		p := mustParse(t, sc, mapOf("type", "doublefield", "fields", in)).(*kopernik.DoubleFieldCondition)
		if p.Mode != DoubleUnique || !reflect.DeepEqual(p.Fields, []int64{fName, fCity}) {
			t.Errorf("fields %v: got %+v", in, p)
		}
	}
	_, err := ParseCondition(sc, mapOf("type", "doublefield"))
	wantInvalid(t, err, "fields")
	_, err = ParseCondition(sc, mapOf("type", "doublefield", "fields", "[]"))
	wantInvalid(t, err, "fields")
	_, err = ParseCondition(sc, mapOf("type", "doublefield", "fields", "name", "match-mode", "match_twins"))
	wantInvalid(t, err, "match-mode")
}

func TestSel5_5_PartInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "part")).(*kopernik.PartCondition)
	if p.Begin != (kopernik.PartAmount{}) || p.Length != nil || p.Sort != nil {
		t.Fatalf("defaults: %+v", p)
	}
	p = mustParse(t, sc, mapOf("type", "part", "begin", "-0", "length", "10%",
		"fields", []any{mapOf("field", "score", "order", "descending"), "name", mapOf("field", "age", "numeric", false)})).(*kopernik.PartCondition)
	if p.Begin != (kopernik.PartAmount{Neg: true}) || *p.Length != (kopernik.PartAmount{Abs: 10, Percent: true}) {
		t.Fatalf("amounts: %+v %+v", p.Begin, p.Length)
	}
	wantKeys := []kopernik.SortKey{{Field: fScore, Desc: true, Numeric: true}, {Field: fName}, {Field: fAge}}
	if !reflect.DeepEqual(p.Sort, wantKeys) {
		t.Fatalf("sort keys %+v, want %+v", p.Sort, wantKeys)
	}
	p = mustParse(t, sc, mapOf("type", "part", "begin", int64(-5), "length", "all", "fields", "[score]")).(*kopernik.PartCondition)
	if p.Begin != (kopernik.PartAmount{Abs: 5, Neg: true}) || p.Length != nil || len(p.Sort) != 1 || !p.Sort[0].Numeric {
		t.Fatalf("got %+v", p)
	}
	// A single object is one key.
	p = mustParse(t, sc, mapOf("type", "part", "fields", mapOf("field", "name", "order", "desc"))).(*kopernik.PartCondition)
	if len(p.Sort) != 1 || !p.Sort[0].Desc {
		t.Fatalf("single object key: %+v", p.Sort)
	}
	for _, bad := range []any{"ten", "1.5", "%", "--1", "5%%", float64(2.5)} {
		_, err := ParseCondition(sc, mapOf("type", "part", "begin", bad))
		wantInvalid(t, err, "begin")
	}
	_, err := ParseCondition(sc, mapOf("type", "part", "fields", []any{mapOf("field", "score", "order", "sideways")}))
	wantInvalid(t, err, "order")
}

func TestSel5_6_ReferViewInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "referview", "refer-view", "bounces", "check-type", "no")).(*kopernik.ReferViewCondition)
	if p.View != 102 || !p.Not {
		t.Fatalf("got %+v", p)
	}
	p = mustParse(t, sc, mapOf("type", "referview", "refer-view", "102")).(*kopernik.ReferViewCondition)
	if p.View != 102 || p.Not {
		t.Fatalf("check-type should default to yes: %+v", p)
	}
	_, err := ParseCondition(sc, mapOf("type", "referview", "refer-view", int64(200)))
	wantInvalid(t, err, "Unknown view")
	_, err = ParseCondition(sc, mapOf("type", "referview", "refer-view", "Elsewhere"))
	wantInvalid(t, err, "Unknown view")
	_, err = ParseCondition(sc, mapOf("type", "referview", "refer-view", int64(102), "check-type", "maybe"))
	wantInvalid(t, err, "check-type")
}

func TestSel5_7_MiniViewInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "miniview", "mini-view", "big", "max-subprofiles", "3")).(*kopernik.MiniViewCondition)
	if p.Miniview != 301 || p.Min != nil || p.Max == nil || *p.Max != 3 {
		t.Fatalf("got %+v", p)
	}
	// "Recent" exists on a collection of this database and of the other one; only ours counts.
	p = mustParse(t, sc, mapOf("type", "miniview", "mini-view", "recent")).(*kopernik.MiniViewCondition)
	if p.Miniview != 300 {
		t.Fatalf("name resolved to %d", p.Miniview)
	}
	_, err := ParseCondition(sc, mapOf("type", "miniview", "mini-view", int64(302)))
	wantInvalid(t, err, "Unknown miniview")
	_, err = ParseCondition(sc, mapOf("type", "miniview", "mini-view", int64(300), "min-subprofiles", int64(-1)))
	wantInvalid(t, err, "min-subprofiles")
	_, err = ParseCondition(sc, mapOf("type", "miniview", "mini-view", int64(300), "min-subprofiles", "5", "max-subprofiles", int64(2)))
	wantInvalid(t, err, "larger than")
}

func TestSel5_7_MiniviewNameMustBeUniqueInDatabase(t *testing.T) {
	b := &defsBuilder{}
	b.view(100, 1, 0, "V").mini(300, cOrders, "Recent").mini(310, cOrders+1, "Recent")
	cat := testCatalog()
	// A second collection in database 1 holding a miniview of the same name.
	d := cat.Database(1)
	second := &kopernik.Collection{ID: cOrders + 1, DatabaseID: 1, Name: "returns"}
	cat = kopernik.NewCatalog(2, []*kopernik.Database{{ID: 1, Name: d.Name, Fields: d.Fields, Interests: d.Interests,
		Collections: append([]*kopernik.Collection{}, d.Collections[0], second)}})
	sc := Scope{Catalog: cat, Defs: b.build(), Owner: kopernik.ViewRef(100)}
	_, err := ParseCondition(sc, mapOf("type", "miniview", "mini-view", "Recent"))
	wantInvalid(t, err, "not unique")
	p := mustParse(t, sc, mapOf("type", "miniview", "mini-view", int64(310))).(*kopernik.MiniViewCondition)
	if p.Miniview != 310 {
		t.Fatalf("by ID: %+v", p)
	}
}

func TestSel5_8_ChangeInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "change")).(*kopernik.ChangeCondition)
	if p.ChangeType != ChangeAny {
		t.Fatalf("default change-type %q", p.ChangeType)
	}
	p = mustParse(t, sc, mapOf("type", "change", "change-type", "gotinterest", "interest", "cars",
		"after-mutation", `["minus","7","day","day"]`)).(*kopernik.ChangeCondition)
	if p.Interest != iCars || p.Window.AfterMutation == nil {
		t.Fatalf("got %+v", p)
	}
	mini := miniScope(inputDefs(), 300)
	for _, ok := range []string{"new", "notnew", "edit", "noedit", "field", "nofield", "any", "none"} {
		mustParse(t, mini, mapOf("type", "change", "change-type", ok, "field", "amount"))
	}
	for _, bad := range []string{"newsubprofile", "removesubprofile", "interest", "gotinterest", "lostinterest", "noeditsubprofile"} {
		_, err := ParseCondition(mini, mapOf("type", "change", "change-type", bad))
		wantInvalid(t, err, "not allowed in a minirule")
	}
	_, err := ParseCondition(sc, mapOf("type", "change", "change-type", "renamed"))
	wantInvalid(t, err, "change-type")
}

func TestSel5_9_ExportInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "export", "include-never-exported-profiles", "yes", "after-time", "01-01-2024")).(*kopernik.ExportCondition)
	if !p.IncludeNever || p.Window.AfterTime != "2024-01-01 00:00:00" {
		t.Fatalf("got %+v", p)
	}
}

func TestSel5_10_MailingInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "email", "match-mode", "match_profiles_that_received_nothing",
		"required-url", "https://example.com/", "operator", "<>", "number", "2-7", "required-errors", "nohost")).(*kopernik.MailingCondition)
	want := &kopernik.MailingCondition{Channel: kopernik.CondEmail, Mode: MailNothing, Destination: "anything",
		Number: "2,7", Operator: "<>", Result: "nocheck", URL: "https://example.com/", Errors: "nohost"}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("got %+v\nwant %+v", p, want)
	}
	p = mustParse(t, sc, mapOf("type", "email", "required-errors", "550")).(*kopernik.MailingCondition)
	if p.Errors != "550" {
		t.Fatalf("error code: %+v", p)
	}
	// Email-only properties are unknown to Sms and ignored.
	s := mustParse(t, sc, mapOf("type", "sms", "required-result", "bogus", "clicked-url", "x")).(*kopernik.MailingCondition)
	if s.Result != "" || s.URL != "" || s.Channel != kopernik.CondSms {
		t.Fatalf("sms: %+v", s)
	}
	for _, bad := range []*kopernik.Map{
		mapOf("type", "email", "match-mode", "match_everyone"),
		mapOf("type", "fax", "required-destination", "desk"),
		mapOf("type", "email", "operator", "<=", "number", "1"),
		mapOf("type", "email", "operator", "<>", "number", "7"),
		mapOf("type", "email", "operator", "<>", "number", "7,2"),
		mapOf("type", "email", "number", "many"),
		mapOf("type", "email", "required-result", "opened"),
		mapOf("type", "email", "required-errors", "kaput"),
	} {
		_, err := ParseCondition(sc, bad)
		if kopernik.ErrorCode(err) != kopernik.EINVALID {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestSel5_11_12_SurveyAndContactInput(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	s := mustParse(t, sc, mapOf("type", "survey", "survey-name", "NPS", "submitter", "noprofile")).(*kopernik.SurveyCondition)
	if s.Survey != "NPS" || s.Submitter != "noprofile" {
		t.Fatalf("survey: %+v", s)
	}
	_, err := ParseCondition(sc, mapOf("type", "survey", "submitter", "someone"))
	wantInvalid(t, err, "submitter")
	c := mustParse(t, sc, mapOf("type", "ToDo", "match_type", "match_exact", "match-mode", "match_not_contacted_profiles",
		"contact-type", false, "min-closed", "2", "user", "jan")).(*kopernik.ContactCondition)
	if c.Kind != kopernik.CondToDo || c.MatchType != "match_exact" || c.Mode != ContactNotContacted || *c.MinClosed != 2 || c.User != "jan" || c.ContactType != "" {
		t.Fatalf("todo: %+v", c)
	}
	_, err = ParseCondition(sc, mapOf("type", "lastcontact", "max-closed", "few"))
	wantInvalid(t, err, "max-closed")
}

func TestSel8_5_PartialUpdate(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	old := mustParse(t, sc, mapOf("type", "date", "field", "birthdate", "compare-mode", "ignoreyear",
		"after-mutation", `["plus","0","day","day"]`, "before-mutation", `["plus","0","day","day"]`))
	up, err := UpdateCondition(sc, old, mapOf("before-mutation", false, "before-time", "2030-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	d := up.(*kopernik.DateCondition)
	if !d.IgnoreYear || d.Window.AfterMutation == nil || d.Window.BeforeMutation != nil || d.Window.BeforeTime != "2030-01-01 00:00:00" {
		t.Fatalf("partial update changed more or less than sent: %+v", d)
	}
	if old.(*kopernik.DateCondition).Window.BeforeMutation == nil {
		t.Fatal("old condition modified")
	}
	// The body's type must name the stored type.
	if _, err := UpdateCondition(sc, old, mapOf("type", "DATE", "compare-mode", "full")); err != nil {
		t.Fatalf("same type in another case refused: %v", err)
	}
	_, err = UpdateCondition(sc, old, mapOf("type", "field"))
	wantInvalid(t, err, MsgTypeMismatch)
	// An update is validated like a create.
	_, err = UpdateCondition(sc, old, mapOf("field", "age"))
	wantInvalid(t, err, "not a date field")
}

func TestSel8_5_UpdateKeepsDanglingReferences(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	old := &kopernik.FieldCondition{Field: 999, Comparison: kopernik.CmpEquals, Value: "x"}
	up, err := UpdateCondition(sc, old, mapOf("value", "y"))
	if err != nil {
		t.Fatalf("an unrelated update of a condition on a deleted field must succeed: %v", err)
	}
	if f := up.(*kopernik.FieldCondition); f.Field != 999 || f.Value != "y" {
		t.Fatalf("got %+v", f)
	}
}

func TestSel5_UnknownPropertiesIgnored(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "field", "field", "city", "colour", "blue", "ID", "77", "rule", "5"))
	if !reflect.DeepEqual(p, &kopernik.FieldCondition{Field: fCity, Comparison: kopernik.CmpEquals}) {
		t.Fatalf("got %+v", p)
	}
}

func TestSel5_LaterDuplicateKeyWins(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	p := mustParse(t, sc, mapOf("type", "field", "field", "city", "value", "a", "value", "b")).(*kopernik.FieldCondition)
	if p.Value != "b" {
		t.Fatalf("value %q, want the later b", p.Value)
	}
}

func TestSel5_StoredDocumentRoundTrip(t *testing.T) {
	sc := viewScope(inputDefs(), 100)
	mini := miniScope(inputDefs(), 300)
	bodies := []struct {
		sc Scope
		b  *kopernik.Map
	}{
		{sc, mapOf("type", "field", "field", "name", "other-field", "nick", "comparison", "less", "numeric-comparison", true)},
		{sc, mapOf("type", "interest", "match-mode", "match_profiles_without_interestgroup", "interest-group", "hobbies")},
		{sc, mapOf("type", "date", "field", "lastvisit", "compare-mode", "ignoreyear", "after-time", "2020-01-01", "before-mutation", `["minus","0001-00-00","12:00:00"]`)},
		{sc, mapOf("type", "doublefield", "fields", "email", "match-mode", "match_repeated_profiles")},
		{sc, mapOf("type", "part", "begin", "-0", "length", "-10%", "fields", "[score, name]")},
		{sc, mapOf("type", "referview", "refer-view", 102, "check-type", "no")},
		{sc, mapOf("type", "miniview", "mini-view", 300, "min-subprofiles", 0, "max-subprofiles", 4)},
		{sc, mapOf("type", "change", "change-type", "field", "field", "city", "after-mutation", `["minus","1","month"]`)},
		{sc, mapOf("type", "export", "include-never-exported-profiles", true)},
		{sc, mapOf("type", "email", "match-mode", "match_profiles_that_received_document", "document", "Welcome", "operator", ">", "number", 3)},
		{sc, mapOf("type", "fax")},
		{sc, mapOf("type", "survey", "survey-name", "NPS", "submitter", "subprofile")},
		{sc, mapOf("type", "lastcontact", "min-closed", 1, "max-closed", 5, "priority", "high")},
		{mini, mapOf("type", "miniview", "mini-view", "big")},
	}
	for _, c := range bodies {
		p := mustParse(t, c.sc, c.b)
		doc, err := kopernik.EncodeConditionProps(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := kopernik.DecodeConditionProps(p.ConditionType(), doc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p, back) {
			t.Errorf("%s: stored %s, read back %+v, want %+v", p.ConditionType(), doc, back, p)
		}
	}
	if _, err := kopernik.DecodeConditionProps("Nope", []byte("{}")); err == nil {
		t.Error("unknown type decoded")
	}
}

func TestSel8_1_RuleBody(t *testing.T) {
	defs := inputDefs()
	r := &kopernik.Rule{Owner: kopernik.ViewRef(100)}
	if err := ApplyRule(defs, r, mapOf("name", "Subscribed", "inverted", "1", "disabled", "no", "description", "d"), true); err != nil {
		t.Fatal(err)
	}
	if r.Name != "Subscribed" || !r.Inversed || r.Disabled || r.Description != "d" {
		t.Fatalf("got %+v", r)
	}
	// Both spellings: inversed wins.
	if err := ApplyRule(defs, r, mapOf("inversed", false, "inverted", true), false); err != nil || r.Inversed {
		t.Fatalf("inversed should win: %+v %v", r, err)
	}
	wantInvalid(t, ApplyRule(defs, &kopernik.Rule{Owner: kopernik.ViewRef(100)}, mapOf("inversed", true), true), kopernik.MsgNameRequired)
	wantInvalid(t, ApplyRule(defs, &kopernik.Rule{Owner: kopernik.ViewRef(100)}, mapOf("name", "R1000"), true), kopernik.MsgNameInUse)
	// The same name in another view is fine; renaming a rule to its own name too.
	if err := ApplyRule(defs, &kopernik.Rule{Owner: kopernik.ViewRef(102)}, mapOf("name", "r1001"), true); err != nil {
		t.Fatal(err)
	}
	if err := ApplyRule(defs, defs.Rule(1000), mapOf("name", "r1000"), false); err != nil {
		t.Fatal(err)
	}
}

func TestSel8_7_ViewAndMiniviewNames(t *testing.T) {
	defs := inputDefs()
	// View names are unique in the database at every level of nesting.
	wantInvalid(t, ApplyView(defs, &kopernik.View{Database: 1, Parent: 102}, mapOf("name", "football FANS"), true), kopernik.MsgNameInUse)
	if err := ApplyView(defs, &kopernik.View{Database: dbOther}, mapOf("name", "Newsletter"), true); err != nil {
		t.Fatalf("same name in another database: %v", err)
	}
	wantInvalid(t, ApplyView(defs, &kopernik.View{Database: 1}, mapOf("description", "x"), true), kopernik.MsgNameRequired)
	wantInvalid(t, ApplyView(defs, defs.View(100), mapOf("name", " "), false), kopernik.MsgNameRequired)
	v := *defs.View(100)
	if err := ApplyView(defs, &v, mapOf("description", "weekly"), false); err != nil || v.Name != "Newsletter" || v.Description != "weekly" {
		t.Fatalf("partial view update: %+v %v", v, err)
	}
	wantInvalid(t, ApplyMiniview(defs, &kopernik.Miniview{Collection: cOrders}, mapOf("name", "BIG"), true), kopernik.MsgNameInUse)
	if err := ApplyMiniview(defs, &kopernik.Miniview{Collection: cOther}, mapOf("name", "Big"), true); err != nil {
		t.Fatalf("same miniview name in another collection: %v", err)
	}
}

func TestO21_RouteSegmentsByIDOrUniqueName(t *testing.T) {
	defs := inputDefs()
	cases := map[string]int64{"100": 100, "newsletter": 100, "Elsewhere": 200, "999": 0, "nope": 0, "": 0}
	for seg, want := range cases {
		got := int64(0)
		if v := defs.LookupView(seg); v != nil {
			got = v.ID
		}
		if got != want {
			t.Errorf("LookupView(%q) = %d, want %d", seg, got, want)
		}
	}
	// "Recent" names a miniview in two databases: not unique in the account.
	if m := defs.LookupMiniview("recent"); m != nil {
		t.Errorf("ambiguous miniview name resolved to %d", m.ID)
	}
	if m := defs.LookupMiniview("Big"); m == nil || m.ID != 301 {
		t.Errorf("LookupMiniview(Big) = %v", m)
	}
	if m := defs.LookupMiniview("302"); m == nil || m.ID != 302 {
		t.Errorf("LookupMiniview(302) = %v", m)
	}
}
