package selection

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
)

// journalShop adds a change journal to the shop fixture; now is 15 June.
func journalShop(defs *Definitions) *Dataset {
	ds := shop(defs)
	p, s := kopernik.OwnerDatabase, kopernik.OwnerCollection
	ds.Journal = []JournalEntry{
		{At: "2024-06-01 09:00:00", Kind: EntryCreate, Entity: p, ID: 1, Profile: 1},
		{At: "2024-06-09 10:00:00", Kind: EntryCreate, Entity: s, ID: 101, Profile: 1},
		{At: "2024-06-10 12:00:00", Kind: EntryUpdate, Entity: p, ID: 1, Profile: 1, Fields: []int64{fCity}},
		{At: "2024-06-14 08:00:00", Kind: EntryUpdate, Entity: p, ID: 1, Profile: 1, InterestsOn: []int64{iCars}},
		{At: "2023-01-01 00:00:00", Kind: EntryCreate, Entity: p, ID: 2, Profile: 2},
		{At: "2024-05-01 00:00:00", Kind: EntryCreate, Entity: s, ID: 105, Profile: 2},
		{At: "2024-06-14 07:00:00", Kind: EntryCreate, Entity: p, ID: 3, Profile: 3},
		{At: "2024-06-13 07:00:00", Kind: EntryUpdate, Entity: s, ID: 103, Profile: 3, Fields: []int64{fAmount}},
		{At: "2020-01-01 00:00:00", Kind: EntryCreate, Entity: p, ID: 4, Profile: 4},
		{At: "2024-06-13 09:00:00", Kind: EntryUpdate, Entity: p, ID: 4, Profile: 4, InterestsOff: []int64{iFootball}},
		{At: "2020-01-01 00:00:00", Kind: EntryCreate, Entity: p, ID: 6, Profile: 6},
		{At: "2024-06-11 09:00:00", Kind: EntryCreate, Entity: s, ID: 106, Profile: 6},
		{At: "2024-06-12 09:00:00", Kind: EntryDelete, Entity: s, ID: 106, Profile: 6},
		{At: "2024-06-12 10:00:00", Kind: EntryDelete, Entity: p, ID: 5, Profile: 5},
	}
	return ds
}

func TestSel5_8_ChangeTypes(t *testing.T) {
	lastWeek := kopernik.TimeWindow{AfterMutation: mut(true, 7, kopernik.UnitDay, kopernik.UnitDay)} // from 8 June
	cases := []struct {
		typ      string
		field    int64
		interest int64
		window   kopernik.TimeWindow
		want     []int64
	}{
		{ChangeAny, 0, 0, lastWeek, ids(1, 3, 4, 6)}, // 6 only through its subprofile
		{ChangeNone, 0, 0, lastWeek, ids(2)},
		{ChangeAny, 0, 0, kopernik.TimeWindow{}, ids(1, 2, 3, 4, 6)},
		{ChangeField, 0, 0, lastWeek, ids(1)},
		{ChangeField, fCity, 0, lastWeek, ids(1)},
		{ChangeField, fName, 0, lastWeek, nil},
		{ChangeNoField, fName, 0, lastWeek, ids(1, 2, 3, 4, 6)},
		{ChangeNew, 0, 0, lastWeek, ids(3)}, // creation is not an edit
		{ChangeNotNew, 0, 0, lastWeek, ids(1, 2, 4, 6)},
		{ChangeEdit, 0, 0, lastWeek, ids(1, 4)},
		{ChangeNoEdit, 0, 0, lastWeek, ids(2, 3, 6)},
		{ChangeNewSubprofile, 0, 0, lastWeek, ids(1, 6)},
		{ChangeNoNewSubprofile, 0, 0, lastWeek, ids(2, 3, 4)},
		{ChangeEditSubprofile, 0, 0, lastWeek, ids(3)},
		{ChangeNoEditSubprofile, 0, 0, lastWeek, ids(1, 2, 4, 6)},
		{ChangeRemoveSubprofile, 0, 0, lastWeek, ids(6)},
		{ChangeNoRemoveSubprofile, 0, 0, lastWeek, ids(1, 2, 3, 4)},
		{ChangeInterest, 0, 0, lastWeek, ids(1, 4)},
		{ChangeInterest, 0, iCars, lastWeek, ids(1)},
		{ChangeGotInterest, 0, iCars, lastWeek, ids(1)},
		{ChangeGotInterest, 0, iFootball, lastWeek, nil},
		{ChangeLostInterest, 0, iFootball, lastWeek, ids(4)},
		{ChangeLostInterest, 0, 0, lastWeek, ids(4)},
		{ChangeAny, 0, 0, kopernik.TimeWindow{AfterTime: "2024-06-10 00:00:00", BeforeTime: "2024-06-11 00:00:00"}, ids(1)},
		{ChangeNew, 0, 0, kopernik.TimeWindow{BeforeMutation: mut(true, 1, kopernik.UnitYear, "")}, ids(2, 4, 6)},
	}
	for _, c := range cases {
		x := &kopernik.ChangeCondition{ChangeType: c.typ, Field: c.field, Interest: c.interest, Window: c.window}
		defs := oneView([][]kopernik.ConditionProps{{x}}, nil, nil)
		if got := members(t, journalShop(defs), refNow, v100); !reflect.DeepEqual(got, append([]int64{}, c.want...)) {
			t.Errorf("%s field %d interest %d %+v: got %v, want %v", c.typ, c.field, c.interest, c.window, got, c.want)
		}
	}
}

func TestSel5_8_ChangeInMinirule(t *testing.T) {
	lastWeek := kopernik.TimeWindow{AfterMutation: mut(true, 7, kopernik.UnitDay, kopernik.UnitDay)}
	cases := map[string][]int64{
		ChangeNew: ids(101), ChangeEdit: ids(103), ChangeAny: ids(101, 103), ChangeNone: ids(102, 105),
		ChangeField: ids(103), ChangeNoEdit: ids(101, 102, 105),
	}
	for typ, want := range cases {
		b := &defsBuilder{}
		b.mini(300, cOrders, "m")
		b.rule(1, kopernik.MiniviewRef(300), false, false).cond(1, 1, &kopernik.ChangeCondition{ChangeType: typ, Window: lastWeek})
		if got := members(t, journalShop(b.build()), refNow, kopernik.MiniviewRef(300)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", typ, got, want)
		}
	}
}

func TestSel5_9_Export(t *testing.T) {
	since := kopernik.TimeWindow{AfterTime: "2024-06-10 00:00:00"}
	runs := []ExportRun{
		{At: "2024-06-01 12:00:00", Entity: kopernik.OwnerDatabase, IDs: ids(1, 2)},
		{At: "2024-06-14 12:00:00", Entity: kopernik.OwnerDatabase, IDs: ids(1)},
		{At: "2024-06-14 12:00:00", Entity: kopernik.OwnerCollection, IDs: ids(3, 101)},
	}
	cases := []struct {
		name  string
		runs  []ExportRun
		never bool
		want  []int64
	}{
		{"no export log, flag off: nothing was exported", nil, false, nil},
		{"no export log, flag on: everybody was never exported", nil, true, ids(1, 2, 3, 4, 6)},
		{"exported in the window", runs, false, ids(1)},
		{"or never exported", runs, true, ids(1, 3, 4, 6)},
	}
	for _, c := range cases {
		defs := oneView([][]kopernik.ConditionProps{{&kopernik.ExportCondition{IncludeNever: c.never, Window: since}}}, nil, nil)
		ds := shop(defs)
		ds.Exports = c.runs
		if got := members(t, ds, refNow, v100); !reflect.DeepEqual(got, append([]int64{}, c.want...)) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	b := &defsBuilder{}
	b.mini(300, cOrders, "exported orders")
	b.rule(1, kopernik.MiniviewRef(300), false, false).cond(1, 1, &kopernik.ExportCondition{Window: since})
	ds := shop(b.build())
	ds.Exports = runs
	if got := members(t, ds, refNow, kopernik.MiniviewRef(300)); !reflect.DeepEqual(got, ids(101)) {
		t.Errorf("subprofile exports: got %v, want [101]", got)
	}
}

func TestSel5_10_12_EmptyHistoryPolicy(t *testing.T) {
	all := ids(1, 2, 3, 4, 6)
	email := func(mode, op, number string) *kopernik.MailingCondition {
		return &kopernik.MailingCondition{Channel: kopernik.CondEmail, Mode: mode, Operator: op, Number: number}
	}
	n := func(v int64) *int64 { return &v }
	cases := []struct {
		name string
		c    kopernik.ConditionProps
		want []int64
	}{
		{"received something", email(MailSomething, "", ""), nil},
		{"received document", &kopernik.MailingCondition{Channel: kopernik.CondSms, Mode: MailDocument, Document: "x"}, nil},
		{"received nothing", email(MailNothing, "", ""), all},
		{"received not document", &kopernik.MailingCondition{Channel: kopernik.CondFax, Mode: MailNotDocument}, all},
		{"nothing, count = 0", email(MailNothing, "=", "0"), all},
		{"nothing, count (no operator) = 2", email(MailNothing, "", "2"), nil},
		{"nothing, count > 0", email(MailNothing, ">", "0"), nil},
		{"nothing, count < 1", email(MailNothing, "<", "1"), all},
		{"nothing, count != 0", email(MailNothing, "!=", "0"), nil},
		{"nothing, count between 0 and 2", email(MailNothing, "<>", "0,2"), all},
		{"nothing, count between 1 and 2", email(MailNothing, "<>", "1,2"), nil},
		{"something, count < 5", email(MailSomething, "<", "5"), nil},
		{"survey submitted by anything", &kopernik.SurveyCondition{Submitter: "anything"}, nil},
		{"survey submitted by profile", &kopernik.SurveyCondition{Submitter: "profile"}, nil},
		{"survey none", &kopernik.SurveyCondition{Submitter: "none"}, all},
		{"survey nosubprofile", &kopernik.SurveyCondition{Submitter: "nosubprofile"}, all},
		{"contacted", &kopernik.ContactCondition{Kind: kopernik.CondLastContact, Mode: ContactContacted}, nil},
		{"contacted, min-closed 0", &kopernik.ContactCondition{Kind: kopernik.CondLastContact, Mode: ContactContacted, MinClosed: n(0)}, nil},
		{"not contacted", &kopernik.ContactCondition{Kind: kopernik.CondToDo, Mode: ContactNotContacted, MinClosed: n(3)}, all},
	}
	for _, c := range cases {
		defs := oneView([][]kopernik.ConditionProps{{c.c}}, nil, nil)
		if got := members(t, shop(defs), refNow, v100); !reflect.DeepEqual(got, append([]int64{}, c.want...)) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
